from django.contrib.auth import get_user_model

import factory

PASSWORD = "una-password-lunga-di-prova"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utente{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = "Prova"
    last_name = "Utente"
    password = factory.django.Password(PASSWORD)
