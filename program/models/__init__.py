"""The program app's models: lenses and the lens pages (more in the modules below)."""

from .lens_index import LensIndexPage
from .lenses import ICON_CHOICES, Lens, hex_colour_validator

__all__ = [
    "ICON_CHOICES",
    "Lens",
    "LensIndexPage",
    "hex_colour_validator",
]
