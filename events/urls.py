"""events URLs outside the language prefix: the personal links e-mailed to registered people."""

from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("iscrizione/<str:token>/conferma/", views.confirm, name="confirm"),
    path("iscrizione/<str:token>/annulla/", views.cancel, name="cancel"),
]
