from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Sito")

    def ready(self):
        from home import page_cache
        from home.csv import neutralise_every_spreadsheet_export

        page_cache.connect_signals()
        neutralise_every_spreadsheet_export()
