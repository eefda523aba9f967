"""An oEmbed finder for tests: answers without the network."""

from wagtail.embeds.finders.base import EmbedFinder


class FakeEmbedFinder(EmbedFinder):
    def accept(self, url):
        return url.startswith("https://")

    def find_embed(self, url, max_width=None, max_height=None):
        return {
            "title": "Video di prova",
            "author_name": "Piazza",
            "provider_name": "Example",
            "type": "video",
            "thumbnail_url": None,
            "width": 640,
            "height": 360,
            "html": (
                f'<iframe src="{url}" title="Video di prova" width="640" height="360"></iframe>'
            ),
        }
