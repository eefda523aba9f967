"""The partner registry ("Con chi"): the request-to-join flow and its moderation.

- ``services``: the only code that changes an organisation's status (request, confirm,
  approve, reject, renew, withdraw, reminders, purge);
- ``tokens``: the personal links e-mailed to an organisation's contact;
- ``emails``: those e-mails;
- ``forms``: the public request form and the directory's filters;
- ``views``: the personal pages (confirm a request, renew or leave the registry);
- ``admin``: the admin section and the moderation views;
- ``links``: where the directory and each organisation's page live.

Models live in ``program.models.registry`` (the organisation) and
``program.models.directory`` (the public directory page).
"""
