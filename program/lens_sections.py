"""What a lens page lists, section by section.

Each section is registered with ``register_lens_section``: a heading, a template, a function
returning at most ``limit`` items carrying the lens (in the lens page's language, live and
public) and, optionally, the address of a full listing filtered by the lens. Every section costs
a fixed number of queries (the items, their lenses for the badges, one translation lookup at
most), so a lens page costs the same however much content the site holds.

Content carries the lens in any language: a page matches when one of its lenses is the lens or
one of its translations (same ``translation_key``), so a translated page that still points at the
original lenses is listed too.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from program.lenses import attach_badge_lenses, carrying_lens


@dataclass
class LensContext:
    """What a section needs to find its items."""

    lens: Any
    page: Any  # the LensIndexPage
    request: Any
    today: date
    limit: int

    @property
    def locale_id(self):
        return self.page.locale_id

    @property
    def translation_key(self):
        return self.lens.translation_key


@dataclass(frozen=True)
class LensSection:
    key: str
    heading: Any
    template: str
    items: Any  # callable(LensContext) -> list
    more: Any = None  # callable(LensContext) -> (url, label) or None
    order: int = 100


@dataclass
class BuiltSection:
    key: str
    heading: Any
    template: str
    items: list
    more_url: str | None = None
    more_label: Any = None
    extra: dict = field(default_factory=dict)


_SECTIONS = {}


def register_lens_section(section):
    """Add (or replace, by ``key``) a section of every lens page."""
    _SECTIONS[section.key] = section
    return section


def registered_sections():
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))


def carrying(queryset, ctx, lenses_path="lenses"):
    """``queryset`` narrowed to what carries the lens of ``ctx`` (or a translation of it)."""
    return carrying_lens(queryset, ctx.translation_key, lenses_path)


def build_sections(lens, page, request, *, today=None, limit=6):
    """The non-empty sections of ``lens``'s page, in order, with their items."""
    ctx = LensContext(
        lens=lens, page=page, request=request, today=today or timezone.localdate(), limit=limit
    )
    built = []
    for section in registered_sections():
        items = list(section.items(ctx))
        if not items:
            continue
        more_url, more_label = (section.more(ctx) or (None, None)) if section.more else (None, None)
        built.append(
            BuiltSection(
                key=section.key,
                heading=section.heading,
                template=section.template,
                items=items,
                more_url=more_url,
                more_label=more_label,
            )
        )
    return built


# --- The sections of this project ------------------------------------------------------------


def _program_themes(ctx):
    from program.models import ProgramPage, ProgramTheme

    programs = ProgramPage.objects.live().public().filter(locale_id=ctx.locale_id)
    themes = (
        carrying(ProgramTheme.objects.filter(page__in=programs.values("pk")), ctx)
        .select_related("page")
        .defer("page__body")
        .prefetch_related("lenses")
        .order_by("page__path", "sort_order")[: ctx.limit]
    )
    themes = attach_badge_lenses(themes, ctx.locale_id)
    for theme in themes:
        theme.url = f"{theme.page.get_url(ctx.request)}#{theme.anchor}"
    return themes


def _processes(ctx):
    from program.models import ProcessPage

    processes = carrying(
        ProcessPage.objects.live().public().filter(locale_id=ctx.locale_id), ctx
    ).current(ctx.today)
    processes = list(processes.for_listing()[: ctx.limit])
    return attach_badge_lenses(processes, ctx.locale_id)


def _processes_more(ctx):
    from program.models import ProcessIndexPage

    index = (
        ProcessIndexPage.objects.live().public().filter(locale_id=ctx.locale_id).order_by("path")
    ).first()
    if index is None:
        return None
    return f"{index.get_url(ctx.request)}?lente={ctx.lens.slug}", _(
        "Tutti i percorsi con questa lente"
    )


def _council_acts(ctx):
    from program.models import CouncilActPage

    acts = carrying(
        CouncilActPage.objects.live().public().filter(locale_id=ctx.locale_id), ctx
    ).with_current_status()
    acts = acts.for_listing().order_by("-date_presented", "-pk")[: ctx.limit]
    return attach_badge_lenses(acts, ctx.locale_id)


def _council_acts_more(ctx):
    from program.models import CouncilActIndexPage

    index = (
        CouncilActIndexPage.objects.live()
        .public()
        .filter(locale_id=ctx.locale_id)
        .order_by("path")
        .first()
    )
    if index is None:
        return None
    return f"{index.get_url(ctx.request)}?lente={ctx.lens.slug}", _(
        "Tutti gli atti con questa lente"
    )


def _people(ctx):
    from program.models import PersonPage

    people = carrying(
        PersonPage.objects.live().public().filter(locale_id=ctx.locale_id), ctx
    ).in_office(ctx.today)
    people = people.defer_streamfields().for_listing().order_by("path")[: ctx.limit]
    return attach_badge_lenses(people, ctx.locale_id)


def _standard_pages(ctx):
    from home.models import StandardPage

    pages = carrying(
        StandardPage.objects.live().public().filter(locale_id=ctx.locale_id), ctx
    ).order_by("-last_published_at", "-pk")
    pages = pages.defer_streamfields().prefetch_related("lenses")[: ctx.limit]
    return attach_badge_lenses(pages, ctx.locale_id)


def _upcoming_events(ctx):
    from events.models import EventPage

    events = carrying(
        EventPage.objects.upcoming().filter(locale_id=ctx.locale_id), ctx
    ).for_listing()
    return list(events.defer_streamfields()[: ctx.limit])


def _newsletters(ctx):
    from newsletter.models import NewsletterPage

    issues = carrying(NewsletterPage.objects.archived().filter(locale_id=ctx.locale_id), ctx)
    issues = issues.defer_streamfields().prefetch_related("lenses")[: ctx.limit]
    return attach_badge_lenses(issues, ctx.locale_id)


def _organisations(ctx):
    from program.models import Organisation
    from program.models.directory import localize_texts
    from program.registry.links import directory_url

    base = directory_url(ctx.request, ctx.locale_id)
    if base is None:
        return []
    organisations = carrying(Organisation.objects.listed(ctx.today), ctx).for_listing()
    organisations = localize_texts(organisations.order_by("name", "pk")[: ctx.limit], ctx.locale_id)
    for organisation in organisations:
        organisation.page_url = f"{base}{organisation.slug}/"
    return attach_badge_lenses(organisations, ctx.locale_id)


def _organisations_more(ctx):
    from program.registry.links import directory_url

    base = directory_url(ctx.request, ctx.locale_id)
    if base is None:
        return None
    return f"{base}?lente={ctx.lens.slug}", _("Tutte le organizzazioni con questa lente")


register_lens_section(
    LensSection(
        key="program",
        heading=_("Nel programma"),
        template="program/lens_sections/program_themes.html",
        items=_program_themes,
        order=10,
    )
)
register_lens_section(
    LensSection(
        key="processes",
        heading=_("Percorsi partecipativi in corso e in arrivo"),
        template="program/lens_sections/processes.html",
        items=_processes,
        more=_processes_more,
        order=20,
    )
)
register_lens_section(
    LensSection(
        key="events",
        heading=_("Prossimi appuntamenti"),
        template="program/lens_sections/events.html",
        items=_upcoming_events,
        order=30,
    )
)
register_lens_section(
    LensSection(
        key="council",
        heading=_("In consiglio comunale"),
        template="program/lens_sections/council_acts.html",
        items=_council_acts,
        more=_council_acts_more,
        order=40,
    )
)
register_lens_section(
    LensSection(
        key="people",
        heading=_("Chi se ne occupa"),
        template="program/lens_sections/people.html",
        items=_people,
        order=50,
    )
)
register_lens_section(
    LensSection(
        key="organisations",
        heading=_("Con chi ci lavoriamo"),
        template="program/lens_sections/organisations.html",
        items=_organisations,
        more=_organisations_more,
        order=55,
    )
)
register_lens_section(
    LensSection(
        key="pages",
        heading=_("Pagine"),
        template="program/lens_sections/pages.html",
        items=_standard_pages,
        order=60,
    )
)
register_lens_section(
    LensSection(
        key="newsletters",
        heading=_("Dalla newsletter"),
        template="program/lens_sections/newsletters.html",
        items=_newsletters,
        order=70,
    )
)
