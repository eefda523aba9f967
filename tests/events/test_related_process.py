"""An event can belong to a participatory process: each page links to the other."""

import datetime

from bs4 import BeautifulSoup

from tests.factories import program as program_factories
from tests.factories.events import publish_event


def test_event_and_process_point_at_each_other(client, home_page, calendar, soon):
    processes = program_factories.process_index(home_page)
    labs = program_factories.process(processes, "Laboratori di quartiere")
    event = publish_event(
        calendar,
        title="Laboratorio a Lizzana",
        start=soon,
        end=soon + datetime.timedelta(hours=2),
        related_process=labs,
    )
    publish_event(
        calendar, title="Assemblea generale", start=soon, end=soon + datetime.timedelta(hours=1)
    )
    earlier = soon - datetime.timedelta(days=40)
    publish_event(
        calendar,
        title="Primo laboratorio",
        start=earlier,
        end=earlier + datetime.timedelta(hours=2),
        related_process=labs,
    )

    event_html = BeautifulSoup(client.get(event.url).content, "html.parser")
    link = event_html.find("a", string="Laboratori di quartiere")
    assert link is not None and link["href"] == labs.url

    process_html = BeautifulSoup(client.get(labs.url).content, "html.parser")
    upcoming, past = process_html.select(".event-list")
    assert [card.find("a").get_text(strip=True) for card in upcoming.select("li")] == [
        "Laboratorio a Lizzana"
    ]
    assert [card.find("a").get_text(strip=True) for card in past.select("li")] == [
        "Primo laboratorio"
    ]


def test_an_unpublished_process_is_not_linked(client, home_page, calendar, soon):
    processes = program_factories.process_index(home_page)
    labs = program_factories.process(processes, "Laboratori di quartiere")
    event = publish_event(
        calendar,
        title="Laboratorio",
        start=soon,
        end=soon + datetime.timedelta(hours=2),
        related_process=labs,
    )
    labs.unpublish()

    html = client.get(event.url).text
    assert "Fa parte del percorso" not in html
