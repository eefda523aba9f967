"""Public newsletter URLs, mounted inside the language prefix (``/newsletter/…`` is Italian,
``/en/newsletter/…`` English), so the personal links in each e-mail open in the subscriber's
language. The sending side's technical endpoints that have no language (provider webhooks)
may live here too: an unprefixed URL is simply served in Italian.
"""

from django.urls import path

from . import views

app_name = "newsletter"
urlpatterns = [
    path("iscriviti/", views.subscribe, name="subscribe"),
    path("iscriviti/inviata/", views.subscribe_sent, name="subscribe_sent"),
    path("conferma/<str:token>/", views.confirm, name="confirm"),
    path("preferenze/<str:token>/", views.manage, name="manage"),
    path("preferenze/<str:token>/dati/", views.export, name="export"),
    path("preferenze/<str:token>/cancella/", views.erase, name="erase"),
    path("disiscriviti/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
