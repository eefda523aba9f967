"""program URLs outside the language prefix (feeds, tokens, technical endpoints)."""

app_name = "program"
urlpatterns = []
