"""Colour arithmetic for lens badges (WCAG 2.2 relative luminance and contrast ratio).

Black or white text is chosen for each background: whichever contrasts more. For any colour the
better of the two reaches at least 4.58:1, so every badge passes WCAG AA for normal text
without asking editors to pick a "safe" colour.
"""

import re

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
AA_NORMAL_TEXT = 4.5
BLACK = "#000000"
WHITE = "#ffffff"


def _channel(value):
    value /= 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first, second):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_for(background):
    """``#000000`` or ``#ffffff``, whichever is more readable on ``background``."""
    if contrast_ratio(background, BLACK) >= contrast_ratio(background, WHITE):
        return BLACK
    return WHITE
