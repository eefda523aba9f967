"""The sitemap: every public live page of the site, in every language.

Wagtail's own sitemap lists the descendants of the site's root page, which is the home page of
the default language only; translations live under their own home page (a sibling of it), so
they would be missing and search engines would find the English pages only through links.
"""

from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class MultilingualSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        in_a_tree = Q()
        for home in root.get_translations(inclusive=True):
            in_a_tree |= Q(path__startswith=home.path, depth__gte=home.depth)
        return (
            Page.objects.filter(in_a_tree)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
