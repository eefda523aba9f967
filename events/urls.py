"""events URLs outside the language prefix (feeds, tokens, technical endpoints)."""

app_name = "events"
urlpatterns = []
