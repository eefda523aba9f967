"""program URLs outside the language prefix (feeds, tokens, technical endpoints).

The partner registry's personal links live here: they open in the language the request was
made in, whatever the prefix, and ``/program/`` is never cached.
"""

from django.urls import path

from program.registry import views as registry_views

app_name = "program"
urlpatterns = [
    path("con-chi/<str:token>/conferma/", registry_views.confirm, name="registry_confirm"),
    path("con-chi/<str:token>/", registry_views.manage, name="registry_manage"),
]
