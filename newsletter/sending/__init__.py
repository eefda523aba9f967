"""Sending newsletters to subscribers: exactly once per recipient, resumable after a crash.

The pieces, in the order a send goes through them:

- ``models``: ``Send`` (one per request to send a newsletter to an audience), ``SendContent``
  (the subject, HTML and text frozen per language at the start) and ``Delivery`` (one per
  recipient, unique per send and subscriber, with the state machine that makes crashes visible).
- ``audience``: who receives a send (exact counts per language, the translation fallback) and
  the single ``INSERT … SELECT`` that writes the deliveries.
- ``workflow``: requesting, scheduling, starting, pausing, resuming and cancelling a send, and
  the watchdog that finishes a send whose worker died.
- ``batches``: claiming pending deliveries (``SELECT … FOR UPDATE SKIP LOCKED``), re-checking
  consent, handing a batch to a transport and recording each outcome.
- ``transports`` and ``mime``: one SMTP connection per batch (with a pre-encoded message
  skeleton, so a message costs a few byte joins) or one django-anymail batch call.
- ``throttle``: the send rate shared by every worker; ``blackout``: electoral silence windows;
  ``provider_events``: bounces and complaints reported by the ESP's webhooks.

The tasks that drive all this live in ``newsletter/tasks.py``; the admin screens in ``views``.
"""
