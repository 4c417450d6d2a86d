"""Open the published site in headless Chromium, as a reader on a phone or laptop would.

One browser serves the whole module (the ``browser`` fixture); each check opens a page
in a context sized like a phone or a laptop. Pages come from the ``served_site`` build,
whose every address is on 127.0.0.1, so any request elsewhere is the theme's doing.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import pytest
from theme_helpers import NAV_LABELS, PAGES, WIDTHS, serve_with_not_found

from tests.accessibility import accessibility_tree, axe_violations

pytestmark = pytest.mark.browser

MIN_FOCUS_OUTLINE_PX = 3
BRAND_BACKGROUND = "rgb(11, 61, 107)"
FOCUS_STATE = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {
    tag: element.tagName.toLowerCase(),
    text: element.textContent.trim(),
    href: element.getAttribute("href"),
    inNav: !!element.closest('nav[aria-label="Main"]'),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
  };
}"""


@pytest.fixture(scope="module")
def contexts(browser) -> Iterator[dict[int, object]]:
    """A browser context per reader width; closed once the module is done."""
    made = {
        width: browser.new_context(viewport={"width": width, "height": 800})
        for width in (320, *WIDTHS)
    }
    yield made
    for context in made.values():
        context.close()


@pytest.fixture
def open_page(contexts, served_site):
    """Open a site path at a width; pages are closed after the test."""
    opened = []

    def open_at(path: str, width: int, on_request=None):
        page = contexts[width].new_page()
        opened.append(page)
        if on_request is not None:
            page.on("request", on_request)
        page.goto(served_site + path, wait_until="load")
        return page

    yield open_at
    for page in opened:
        page.close()


@pytest.mark.parametrize("name", PAGES)
def test_each_page_passes_axe_at_each_width_and_loads_from_this_site_alone(
    open_page, served_site, name
):
    """WCAG 2.2 AA by axe-core, on a phone and on a laptop; and every request the page
    made, loading and while axe looked at it, went to the site's own host (one page load
    for all of it: the window is resized from one width to the next)."""
    requested = []
    page = open_page(
        PAGES[name], WIDTHS[0], on_request=lambda request: requested.append(request.url)
    )
    found = [axe_violations(page, width) for width in WIDTHS]
    assert not any(found), "\n".join(found)
    own = urlsplit(served_site).netloc
    elsewhere = [
        url for url in requested if urlsplit(url).scheme != "data" and urlsplit(url).netloc != own
    ]
    assert requested, "no requests were recorded at all"
    assert not elsewhere, f"requests to other hosts: {elsewhere}"


@pytest.mark.parametrize("name", PAGES)
def test_pages_reflow_at_320px_without_sideways_scrolling(open_page, name):
    page = open_page(PAGES[name], 320)
    # The widest the page gets: menu and every disclosure open.
    page.eval_on_selector_all("details", "elements => elements.forEach(e => e.open = true)")
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width, f"{scroll_width}px wide in a {client_width}px window"


def test_keyboard_reaches_skip_link_then_every_menu_link_with_a_visible_focus(open_page):
    page = open_page(PAGES["home"], 1280)
    focused = []
    for _ in range(30):
        page.keyboard.press("Tab")
        focused.append(page.evaluate(FOCUS_STATE))
        if [f["text"] for f in focused if f["inNav"]] == list(NAV_LABELS):
            break
    assert focused[0]["href"] == "#main", f"first Tab lands on {focused[0]}"
    assert focused[0]["text"] == "Skip to main content"
    reached = [f["text"] for f in focused if f["inNav"]]
    assert reached == list(NAV_LABELS), f"menu links reached by Tab: {reached}"
    invisible = [
        f
        for f in focused
        if f["outlineStyle"] == "none" or f["outlineWidth"] < MIN_FOCUS_OUTLINE_PX
    ]
    assert not invisible, f"focus without a {MIN_FOCUS_OUTLINE_PX}px outline: {invisible}"


def test_skip_link_moves_focus_to_the_main_content(open_page):
    page = open_page(PAGES["article"], 375)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_phone_menu_opens_from_the_keyboard_without_javascript(browser, served_site):
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served_site + PAGES["page"])
        about = page.get_by_role("navigation", name="Main").get_by_role("link", name="About")
        assert not about.is_visible(), "on a phone the menu should start closed"
        for _ in range(3):  # skip link, site name, Menu
            page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        assert state["tag"] == "summary" and state["text"] == "Menu", state
        assert state["outlineWidth"] >= MIN_FOCUS_OUTLINE_PX, f"Menu focus is faint: {state}"
        page.keyboard.press("Enter")
        assert about.is_visible(), "Enter on Menu did not show the links"
    finally:
        context.close()


def test_wide_screen_shows_the_menu_to_eyes_and_screen_readers_without_a_button(open_page):
    """The menu is a closed <details> opened by CSS: it must not stay hidden from AT."""
    page = open_page(PAGES["page"], 1280)
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Contact").is_visible()
    assert not page.get_by_text("Menu", exact=True).is_visible()
    exposed = accessibility_tree(page, role="link")
    missing = [label for label in NAV_LABELS if label not in exposed]
    assert not missing, f"menu links hidden from assistive technology: {missing}"


@pytest.mark.parametrize(
    "path", [PAGES["information-sheet"], PAGES["article"]], ids=["sheet", "article"]
)
def test_sheets_and_articles_print_with_their_address_and_without_site_chrome(
    open_page, served_site, path
):
    page = open_page(path, 1280)
    page.emulate_media(media="print")
    try:
        for chrome in (".site-header", ".site-footer", "aside.figures", ".breadcrumbs"):
            assert not page.locator(chrome).is_visible(), f"{chrome} is printed"
        address = page.locator(".print-url")
        assert address.is_visible()
        assert served_site + path in address.inner_text()
    finally:
        page.emulate_media(media="screen")


def test_not_found_page_works_at_any_depth_in_a_preview_build(browser, develop_build):
    """Served for a missing nested address, the page keeps its style and its links work."""
    with serve_with_not_found(develop_build) as base:
        context = browser.new_context(viewport={"width": 375, "height": 800})
        try:
            page = context.new_page()
            response = page.goto(base + "/news/2015/no-such-page/")
            assert response.status == 404
            header = page.eval_on_selector(
                ".site-header", "e => getComputedStyle(e).backgroundColor"
            )
            assert header == BRAND_BACKGROUND, "the stylesheet did not load"
            hrefs = page.eval_on_selector_all(
                "a[href]:not([href^='#'])", "links => links.map(a => a.getAttribute('href'))"
            )
            broken = []
            for href in hrefs:
                address = urljoin(page.url, href)
                if urlsplit(address).netloc == urlsplit(base).netloc:
                    status = context.request.get(address).status
                    if status != 200:
                        broken.append(f"{href} -> {status}")
            assert not broken, f"links that fail from a nested 404: {broken}"
        finally:
            context.close()
