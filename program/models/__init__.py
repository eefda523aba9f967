"""The program app's models, one module per subject.

- ``lenses``: the ``Lens`` snippet, the taxonomy every kind of content carries;
- ``lens_index``: the lens pages;
- ``processes``: participatory processes, their phases and the neighbourhoods they involve;
- ``program_page``: the electoral and mandate program and its themes.
"""

from .lens_index import LensIndexPage
from .lenses import ICON_CHOICES, Lens, hex_colour_validator
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
    "ICON_CHOICES",
    "Lens",
    "LensIndexPage",
    "Neighbourhood",
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
