"""The program app's models, one module per subject.

- ``lenses``: the ``Lens`` snippet, the taxonomy every kind of content carries;
- ``lens_index``: the lens pages;
- ``processes``: participatory processes, their phases and the neighbourhoods they involve;
- ``program_page``: the electoral and mandate program and its themes;
- ``people``: the people of the group and the page that groups them by role;
- ``council``: the acts brought to the city council, their history and feeds;
- ``contributions``: the contribution forms and their submissions;
- ``registry``: the partner registry's organisations ("Con chi");
- ``directory``: the public directory page of the registry;
- ``transparency``: the transparency page, its documents and the register of contributions.
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
from .directory import OrganisationIndexPage
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
from .registry import Organisation, OrganisationKind, OrganisationStatus
from .transparency import (
    Contribution,
    ContributionKind,
    DocumentKind,
    Donor,
    DonorKind,
    TransparencyDocument,
    TransparencyPage,
)

__all__ = [
    "FINAL_STATUSES",
    "ICON_CHOICES",
    "ActStatus",
    "ActType",
    "Contribution",
    "ContributionForm",
    "ContributionFormField",
    "ContributionFormPage",
    "ContributionKind",
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
    "DocumentKind",
    "Donor",
    "DonorKind",
    "Lens",
    "LensIndexPage",
    "Neighbourhood",
    "Organisation",
    "OrganisationIndexPage",
    "OrganisationKind",
    "OrganisationStatus",
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
    "TransparencyDocument",
    "TransparencyPage",
    "hex_colour_validator",
]
