"""Structured data (schema.org JSON-LD) for search engines."""

import json

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# The same escapes as Django's json_script: the JSON can never close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data):
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


@register.simple_tag(takes_context=True)
def organization_json_ld(context):
    """schema.org ``Organization`` for the group, from the site settings."""
    request = context.get("request")
    site_settings = context.get("settings")
    if request is None or site_settings is None:
        return ""
    org = site_settings["home"]["SiteSettings"]
    if not org.organisation_name:
        return ""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": org.organisation_name,
        "url": request.build_absolute_uri("/"),
    }
    texts = org.texts
    if texts is not None and texts.tagline:
        data["slogan"] = texts.tagline
    if org.contact_email:
        data["email"] = org.contact_email
    if org.postal_address:
        data["address"] = " ".join(org.postal_address.split())
    if org.logo:
        data["logo"] = request.build_absolute_uri(org.logo.get_rendition("height-200").url)
    same_as = [link.value["url"] for link in org.social_links]
    if same_as:
        data["sameAs"] = same_as
    return json_ld(data)
