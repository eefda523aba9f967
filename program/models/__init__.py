"""The program app's models, one module per subject.

- ``lenses``: the ``Lens`` snippet, the taxonomy every kind of content carries;
- ``lens_index``: the lens pages;
- ``processes``: participatory processes, their phases and the neighbourhoods they involve;
- ``program_page``: the electoral and mandate program and its themes;
- ``people``: the people of the group and the page that groups them by role;
- ``council``: the acts brought to the city council, their history and feeds;
- ``contributions``: the contribution forms and their submissions.
"""

from .contributions import (
    ContributionForm,
    ContributionFormField,
    ContributionFormPage,
    ContributionSubmission,
)
from .council import (
    FINAL_STATUSES,
    ActStatus,
    ActType,
    CouncilActDocument,
    CouncilActFeed,
    CouncilActFilterForm,
    CouncilActIndexPage,
    CouncilActPage,
    CouncilActPageForm,
    CouncilActQuerySet,
    CouncilActSignatory,
    CouncilActStatus,
)
from .lens_index import LensIndexPage
from .lenses import ICON_CHOICES, Lens, hex_colour_validator
from .people import PeopleIndexPage, PersonPage, PersonPageQuerySet, PersonRole
from .processes import (
    Neighbourhood,
    ProcessFilterForm,
    ProcessIndexPage,
    ProcessLink,
    ProcessPage,
    ProcessPageQuerySet,
    ProcessPhase,
)
from .program_page import ProgramPage, ProgramPageForm, ProgramTheme

__all__ = [
    "FINAL_STATUSES",
    "ICON_CHOICES",
    "ActStatus",
    "ActType",
    "ContributionForm",
    "ContributionFormField",
    "ContributionFormPage",
    "ContributionSubmission",
    "CouncilActDocument",
    "CouncilActFeed",
    "CouncilActFilterForm",
    "CouncilActIndexPage",
    "CouncilActPage",
    "CouncilActPageForm",
    "CouncilActQuerySet",
    "CouncilActSignatory",
    "CouncilActStatus",
    "Lens",
    "LensIndexPage",
    "Neighbourhood",
    "PeopleIndexPage",
    "PersonPage",
    "PersonPageQuerySet",
    "PersonRole",
    "ProcessFilterForm",
    "ProcessIndexPage",
    "ProcessLink",
    "ProcessPage",
    "ProcessPageQuerySet",
    "ProcessPhase",
    "ProgramPage",
    "ProgramPageForm",
    "ProgramTheme",
    "hex_colour_validator",
]
