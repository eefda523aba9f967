import factory

from newsletter.models import MailingList, Subscriber, Subscription


class MailingListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MailingList
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Lista {n}")
    slug = factory.Sequence(lambda n: f"lista-{n}")


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"persona{n}@example.org")


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    subscriber = factory.SubFactory(SubscriberFactory)
    mailing_list = factory.SubFactory(MailingListFactory)
    status = Subscription.Status.ACTIVE
