from django import forms
from django.core.cache import cache

import pytest

from home.forms import HoneypotFormMixin
from home.ratelimit import claim_once, hit, is_limited


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_hit_allows_up_to_the_limit_then_refuses():
    results = [hit("subscribe", "198.51.100.7", limit=3, period=60) for _ in range(5)]
    assert results == [True, True, True, False, False]
    assert is_limited("subscribe", "198.51.100.7", limit=3)
    # Another identity and another scope have their own counters.
    assert hit("subscribe", "198.51.100.8", limit=3, period=60)
    assert hit("rsvp", "198.51.100.7", limit=3, period=60)


def test_claim_once_is_a_cool_down():
    assert claim_once("confirm-mail", "a@example.org", period=600)
    assert not claim_once("confirm-mail", "a@example.org", period=600)
    assert claim_once("confirm-mail", "b@example.org", period=600)


class ContactForm(HoneypotFormMixin):
    name = forms.CharField()


def test_honeypot_detects_bots():
    assert not ContactForm(data={"name": "Anna"}).is_bot()
    assert ContactForm(data={"name": "Anna", "website": "http://spam.example"}).is_bot()
