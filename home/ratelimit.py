"""Small, shared anti-automation helpers for public forms.

Counters live in the cache (local memory in development, Redis in production, so limits are
shared by every web process). A fixed window is enough here: it bounds how often a form can
be used from one address or for one e-mail, which is what the public forms need.
"""

import hashlib

from django.core.cache import cache


def client_ip(request):
    """The client's address as seen by this server (the proxy sets REMOTE_ADDR correctly)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(scope, identity):
    digest = hashlib.sha256(str(identity).encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def hit(scope, identity, *, limit, period):
    """Count one use of ``scope`` by ``identity``; return False once ``limit`` is exceeded.

    Identities are hashed before they are used as cache keys, so no address or IP is stored
    in clear.
    """
    key = _key(scope, identity)
    if cache.add(key, 1, timeout=period):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=period)
        return True
    return count <= limit


def is_limited(scope, identity, *, limit):
    """True if ``identity`` has already used up ``limit`` for ``scope`` (without counting)."""
    return (cache.get(_key(scope, identity)) or 0) >= limit


def claim_once(scope, identity, *, period):
    """True for the first caller in ``period`` seconds, False for everyone after (cool-downs)."""
    return cache.add(_key(scope, identity), 1, timeout=period)
