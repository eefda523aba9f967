"""Personal links for many recipients at once: ``links.py``'s URLs, without a reverse() each.

``links.unsubscribe_url`` and ``links.manage_url`` resolve the URL in the subscriber's language
for every call, which costs more than the rest of a message put together when a batch holds a
thousand people. Here each (view, language) is resolved once with a marker in place of the
token; every recipient's URL is the marker replaced by their own signed token
(``tokens.make_token``, the same as ``links.py`` uses). The tests check that both give the
same URLs.
"""

from django.urls import reverse
from django.utils import translation

from .. import links, tokens

_MARKER = "PIAZZA-TOKEN-MARKER"


class PersonalLinks:
    """Builds unsubscribe and manage URLs for many subscribers of any language."""

    def __init__(self):
        self.base = links.base_url()
        self.prefixes = {}

    def _url(self, name, language, token):
        key = (name, language)
        if key not in self.prefixes:
            with translation.override(language):
                path = reverse(name, kwargs={"token": _MARKER})
            self.prefixes[key] = (self.base + path).split(_MARKER)
        before, after = self.prefixes[key]
        return f"{before}{token}{after}"

    def unsubscribe_url(self, subscriber, mailing_list=None):
        token = tokens.make_token(subscriber, tokens.UNSUBSCRIBE, mailing_list=mailing_list)
        return self._url("newsletter:unsubscribe", subscriber.language, token)

    def manage_url(self, subscriber):
        token = tokens.make_token(subscriber, tokens.MANAGE)
        return self._url("newsletter:manage", subscriber.language, token)
