"""What the consent log records about where and how each step happened.

An ``Evidence`` travels with every call that changes a subscription and becomes the
non-personal part of the consent events it writes: source, the exact consent wording and
privacy notice shown, the acting admin user, the hash of the token used and, only with
``NEWSLETTER_RECORD_CLIENT``, the truncated client address and browser.
"""

import ipaddress
from dataclasses import dataclass

from django.conf import settings

from home import ratelimit

from .models import ConsentEvent, token_hash


@dataclass
class Evidence:
    """What a consent event records about where and how a step happened."""

    source: str = ""
    consent_text: object = None
    privacy_notice: object = None
    actor: object = None
    token: str = ""
    ip_address: str | None = None
    user_agent: str = ""

    def event(self, action, *, subscriber=None, mailing_list=None, detail=None):
        return ConsentEvent(
            action=action,
            subscriber=subscriber,
            mailing_list=mailing_list,
            consent_text=self.consent_text,
            privacy_notice=self.privacy_notice,
            source=(self.source or "")[:255],
            actor=self.actor if getattr(self.actor, "pk", None) else None,
            token_hash=token_hash(self.token) if self.token else "",
            ip_address=self.ip_address,
            user_agent=self.user_agent,
            detail=detail or {},
        )

    def as_task_data(self):
        """A JSON-ready form for a background task (legal texts and actor by primary key)."""
        return {
            "source": self.source,
            "consent_text": getattr(self.consent_text, "pk", None),
            "privacy_notice": getattr(self.privacy_notice, "pk", None),
            "actor": getattr(self.actor, "pk", None),
            "ip_address": self.ip_address,
            "user_agent": self.user_agent,
        }

    @classmethod
    def from_task_data(cls, data):
        from django.contrib.auth import get_user_model

        from home.legal import LegalTextVersion

        def legal_text(pk):
            return LegalTextVersion.objects.filter(pk=pk).first() if pk else None

        actor_id = data.get("actor")
        return cls(
            source=data.get("source", ""),
            consent_text=legal_text(data.get("consent_text")),
            privacy_notice=legal_text(data.get("privacy_notice")),
            actor=get_user_model().objects.filter(pk=actor_id).first() if actor_id else None,
            ip_address=data.get("ip_address"),
            user_agent=data.get("user_agent", ""),
        )


def truncate_ip(value):
    """IPv4 to its /24, IPv6 to its /48: enough to spot abuse, not to find a person."""
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def evidence_from_request(request, *, source, consent_text=None, privacy_notice=None, token=""):
    """Evidence for a step taken on the site; client data only with NEWSLETTER_RECORD_CLIENT."""
    evidence = Evidence(
        source=source,
        consent_text=consent_text,
        privacy_notice=privacy_notice,
        token=token,
    )
    if request is not None and getattr(settings, "NEWSLETTER_RECORD_CLIENT", False):
        evidence.ip_address = truncate_ip(ratelimit.client_ip(request))
        evidence.user_agent = request.META.get("HTTP_USER_AGENT", "")[:120]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        evidence.actor = user
    return evidence
