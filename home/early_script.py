"""The one inline script of the public pages, allowed by its hash.

``site.js`` is deferred, so without this the page would first paint with the no-JavaScript
layout (the mobile menu open) and then jump when the script collapses it: a large layout
shift on every first visit. This line marks the document as scripted before the first paint.
The Content-Security-Policy allows exactly this text by its SHA-256 hash (no nonce: the pages
stay identical for every visitor and cacheable by a CDN); changing the text changes the hash.
"""

import base64
import hashlib

SCRIPT = 'document.documentElement.classList.add("js");'
HASH_SOURCE = f"'sha256-{base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()}'"
