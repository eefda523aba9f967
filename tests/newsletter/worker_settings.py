"""Settings of the real ``db_worker`` process that the kill test starts and kills."""

import os

from config.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("PIAZZA_TEST_SMTP_PORT", "25"))
EMAIL_USE_TLS = False
EMAIL_TIMEOUT = 120
NEWSLETTER_BATCH_SIZE = 10
NEWSLETTER_PARALLEL_BATCHES = 1
NEWSLETTER_BATCH_LEASE_SECONDS = 3
