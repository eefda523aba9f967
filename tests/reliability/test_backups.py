"""Backups: a dump restored into a fresh database has the subscribers and the consent log, and
erasures made after the dump are applied again, so a restore never brings anyone back."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.core.management import call_command
from django.db import connection

import pytest

from newsletter import services
from newsletter.evidence import Evidence
from newsletter.models import (
    ConsentEvent,
    Subscriber,
    Suppression,
    keyed_email_hash,
)
from tests.newsletter.conftest import make_subscriber, new_mailing_list

ROOT = Path(__file__).resolve().parents[2]


def erase(email):
    services.erase(Subscriber.objects.with_email(email).get(), evidence=Evidence(source="test"))


@pytest.fixture
def erasure_file(settings, tmp_path):
    settings.NEWSLETTER_ERASURE_LOG = tmp_path / "privacy" / "erasures.log"
    return settings.NEWSLETTER_ERASURE_LOG


@pytest.mark.django_db
def test_an_erasure_is_appended_to_the_list_outside_the_database(erasure_file):
    mailing_list = new_mailing_list("Notizie", "notizie")
    make_subscriber("anna@example.org", mailing_list)
    erase("Anna@Example.org")
    lines = erasure_file.read_text().splitlines()
    assert len(lines) == 1
    assert lines[0].endswith("\t" + keyed_email_hash("anna@example.org"))
    assert "anna" not in erasure_file.read_text()  # only the keyed hash, never the address
    assert oct(erasure_file.stat().st_mode & 0o777) == "0o600"


@pytest.mark.django_db
def test_reapplying_erases_who_came_back_and_restores_the_suppression(erasure_file, capsys):
    mailing_list = new_mailing_list("Notizie", "notizie")
    make_subscriber("anna@example.org", mailing_list)
    make_subscriber("bruno@example.org", mailing_list)
    erase("anna@example.org")
    # What an older backup looks like once restored: the person and no suppression entry.
    Suppression.objects.all().delete()
    make_subscriber("anna@example.org", mailing_list)

    call_command("reapply_erasures")
    assert "Subscribers erased again: 1. Suppression entries restored: 0." in (
        capsys.readouterr().out
    )
    assert not Subscriber.objects.with_email("anna@example.org").exists()
    assert Suppression.objects.is_suppressed("anna@example.org")
    assert Subscriber.objects.with_email("bruno@example.org").exists()

    # A suppression entry lost without the subscriber is put back; a second run changes nothing.
    Suppression.objects.all().delete()
    call_command("reapply_erasures")
    assert "Subscribers erased again: 0. Suppression entries restored: 1." in (
        capsys.readouterr().out
    )
    call_command("reapply_erasures")
    assert "Subscribers erased again: 0. Suppression entries restored: 0." in (
        capsys.readouterr().out
    )


@pytest.mark.django_db
def test_without_a_list_there_is_nothing_to_reapply(erasure_file, capsys):
    call_command("reapply_erasures")
    assert "Erasures in the list: 0." in capsys.readouterr().out


# --- A real dump and restore with pg_dump / pg_restore ------------------------------------


def database_url(name):
    settings_dict = connection.settings_dict
    return (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
        f"{settings_dict['PORT'] or 5432}/{name}"
    )


def pg(*command):
    settings_dict = connection.settings_dict
    options = ["-h", settings_dict["HOST"] or "127.0.0.1", "-p", str(settings_dict["PORT"] or 5432)]
    options += ["-U", settings_dict["USER"]]
    # The PostgreSQL client tools, with the test database's own connection settings.
    arguments = [command[0], *options, *command[1:]]
    return subprocess.run(arguments, check=True, capture_output=True)  # noqa: S603


def manage(database, *arguments, erasure_file):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(database),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "NEWSLETTER_ERASURE_LOG": str(erasure_file),
    }
    return subprocess.run(  # noqa: S603 - this project's manage.py
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restored_dump_has_the_consent_log_and_never_resurrects_the_erased(
    erasure_file, tmp_path, monkeypatch
):
    monkeypatch.setattr("newsletter.services.after_commit", lambda function: function())
    mailing_list = new_mailing_list("Notizie", "notizie")
    for name in ("anna", "bruno", "carla", "dario"):
        subscriber = make_subscriber(f"{name}@example.org", mailing_list)
        ConsentEvent.objects.create(
            action=ConsentEvent.Action.CONFIRMED,
            subscriber=subscriber,
            mailing_list=mailing_list,
            source="/newsletter/iscriviti/",
        )
    erase("anna@example.org")  # before the backup
    events_at_backup = ConsentEvent.objects.count()

    dump = tmp_path / "piazza.dump"
    pg(
        "pg_dump",
        "--format=custom",
        "--no-owner",
        "-f",
        str(dump),
        connection.settings_dict["NAME"],
    )
    erase("bruno@example.org")  # after the backup: only the erasure list knows

    restored = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    pg("createdb", restored)
    try:
        pg("pg_restore", "--no-owner", "--exit-on-error", "-d", restored, str(dump))
        check = (
            "from newsletter.models import *;"
            "print(sorted(s.email for s in Subscriber.objects.all()),"
            " ConsentEvent.objects.count(), Suppression.objects.count())"
        )
        before = manage(restored, "shell", "--no-imports", "-c", check, erasure_file=erasure_file)
        before = before.stdout
        # The dump holds what the database held: Bruno is back, Anna is not.
        assert before.split("]")[0] == (
            "['bruno@example.org', 'carla@example.org', 'dario@example.org'"
        )
        assert f" {events_at_backup} 1" in before

        result = manage(restored, "reapply_erasures", erasure_file=erasure_file)
        assert "Subscribers erased again: 1." in result.stdout
        after = manage(restored, "shell", "--no-imports", "-c", check, erasure_file=erasure_file)
        after = after.stdout
        assert after.split("]")[0] == "['carla@example.org', 'dario@example.org'"
        # The consent log is whole: Bruno's events stay, anonymous, and record the erasure.
        assert f" {events_at_backup + 1} 2" in after
    finally:
        connection.close()
        pg("dropdb", "--if-exists", "--force", restored)
