"""Fixtures of the fault drills: a database connection routed through a proxy the test cuts."""

from contextlib import contextmanager

import pytest

from tests.reliability.proxy import TCPProxy


@pytest.fixture
def database_proxy(transactional_db):
    """Route this process's database connection through a ``TCPProxy`` (PostgreSQL only).

    The test database keeps running; cutting the proxy drops this process's connections and
    refuses new ones, as a restarted or unreachable server would.
    """
    from django.db import connection

    settings_dict = connection.settings_dict
    original = (settings_dict["HOST"], settings_dict["PORT"])
    with TCPProxy(original[0] or "127.0.0.1", original[1] or 5432) as proxy:
        connection.close()
        settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", str(proxy.port)
        try:
            yield proxy
        finally:
            proxy.restore()
            connection.close()
            settings_dict["HOST"], settings_dict["PORT"] = original


@contextmanager
def cut_after_writes(proxy, writes=1):
    """Cut ``proxy`` right after this process's ``writes``-th INSERT/UPDATE/DELETE."""
    from django.db import connection

    seen = {"writes": 0}

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            seen["writes"] += 1
            if seen["writes"] == writes:
                proxy.cut()
        return result

    with connection.execute_wrapper(wrapper):
        yield seen
