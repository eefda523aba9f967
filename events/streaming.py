"""Live-stream platforms recognised from a link, so a link can be labelled without typing."""

from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

# Host suffix -> platform name. Matched on the host and on its parent domains, so that
# "m.youtube.com" or "www.facebook.com" are recognised too.
PLATFORMS = {
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "youtube-nocookie.com": "YouTube",
    "facebook.com": "Facebook",
    "fb.watch": "Facebook",
    "fb.me": "Facebook",
    "instagram.com": "Instagram",
    "twitch.tv": "Twitch",
    "vimeo.com": "Vimeo",
    "zoom.us": "Zoom",
    "meet.google.com": "Google Meet",
    "teams.microsoft.com": "Microsoft Teams",
    "teams.live.com": "Microsoft Teams",
    "meet.jit.si": "Jitsi Meet",
    "linkedin.com": "LinkedIn",
    "x.com": "X",
    "twitter.com": "X",
    "webex.com": "Webex",
    "peertube.it": "PeerTube",
}


def platform_for(url):
    """The platform's name for ``url``, or ``""`` when the host is not one we know."""
    host = (urlsplit(url or "").hostname or "").lower().rstrip(".")
    parts = host.split(".")
    for start in range(len(parts) - 1):
        candidate = ".".join(parts[start:])
        if candidate in PLATFORMS:
            return PLATFORMS[candidate]
    return ""


def host_of(url):
    """The host of ``url`` without a leading "www.", for links on unknown platforms."""
    host = (urlsplit(url or "").hostname or "").lower()
    return host.removeprefix("www.")


def stream_label(url, custom_label=""):
    """What a stream link says: the editor's label, else "Diretta su <platform or host>"."""
    if custom_label:
        return custom_label
    name = platform_for(url) or host_of(url)
    if not name:
        return str(_("Diretta online"))
    return str(_("Diretta su %(platform)s") % {"platform": name})
