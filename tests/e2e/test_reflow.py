"""Reflow, zoom, reduced motion and visible focus (WCAG 2.2 1.4.10, 1.4.4, 2.3.3, 2.4.7)."""

import pytest

from tests.e2e.test_accessibility import PAGES

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NARROW = {"width": 320, "height": 640}
ZOOMED = {"width": 640, "height": 450}

# The width the content overflows the viewport by, and the elements that stick out (a
# horizontal scroll bar at 320 CSS pixels fails "Reflow"; tables and code may scroll inside
# their own box, which does not make the page scroll).
OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.body.querySelectorAll('*')].filter((el) => {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.right <= width + 1) return false;
        for (let up = el.parentElement; up; up = up.parentElement) {
            const style = getComputedStyle(up);
            if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) return false;
        }
        return getComputedStyle(el).position !== 'fixed';
    });
    return {
        overflow: document.documentElement.scrollWidth - width,
        elements: wide.slice(0, 5).map((el) => el.outerHTML.slice(0, 160)),
    };
}"""


def _assert_reflows(tab, base_url, name):
    problems = {}
    for page, path in PAGES.items():
        tab.goto(base_url + path)
        found = tab.page.evaluate(OVERFLOW)
        if found["overflow"] > 1:
            problems[page] = found
    assert not problems, f"horizontal scrolling at {name}: {problems}"


def test_every_page_type_reflows_at_320_css_pixels(demo_site, visit):
    _assert_reflows(visit(NARROW), demo_site, "320 px")


def test_every_page_type_reflows_at_200_percent_zoom(demo_site, visit):
    # Zooming a 1280 px window to 200 % lays pages out in 640 CSS pixels (at 400 % it is the
    # 320 px of the test above).
    _assert_reflows(visit(ZOOMED), demo_site, "200 % zoom")


def test_reduced_motion_turns_transitions_and_animations_off(demo_site, browser):
    context = browser.new_context(reduced_motion="reduce", locale="it-IT")
    try:
        page = context.new_page()
        page.goto(demo_site + "/")
        moving = page.evaluate(
            """() => [...document.querySelectorAll('*')].filter((el) => {
                const style = getComputedStyle(el);
                const seconds = (value) => Math.max(...value.split(',').map(parseFloat));
                return seconds(style.transitionDuration) > 0.01
                    || (style.animationName !== 'none' && seconds(style.animationDuration) > 0.01);
            }).length"""
        )
        assert moving == 0
        assert page.evaluate("() => getComputedStyle(document.documentElement).scrollBehavior") in (
            "auto",
            "",
        )
    finally:
        context.close()


def test_keyboard_focus_is_always_visible(demo_site, visit):
    tab = visit()
    tab.goto(demo_site + "/eventi/")
    invisible = []
    for _ in range(25):
        tab.page.keyboard.press("Tab")
        focused = tab.page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const style = getComputedStyle(el);
                const outline = style.outlineStyle !== 'none'
                    && parseFloat(style.outlineWidth) >= 2;
                const ring = style.boxShadow && style.boxShadow !== 'none';
                return {visible: outline || ring, html: el.outerHTML.slice(0, 120)};
            }"""
        )
        if focused and not focused["visible"]:
            invisible.append(focused["html"])
    assert not invisible, invisible
