"""Lines read right: no line of any page starts with punctuation, at phone and laptop
widths, and the main menu fits on one line on a laptop.

Chromium measures where each line of text begins (the position of every character, as
laid out), on one page of each template of the published site: every page is made by
one of them, so this holds for any content. A comma or full stop alone at the start of
a line is what a link laid out as a block (for its touch size) does to the sentence
around it.
"""

from __future__ import annotations

import pytest
from theme_helpers import NAV_LABELS, PAGES

pytestmark = pytest.mark.browser

WIDTHS = (320, 375, 1280)
# Where each line of text starts, as [character, text around it] for those that start
# with punctuation that belongs to what comes before: closing marks, stops, separators.
LINES_STARTING_WITH_PUNCTUATION = r"""() => {
  const starts = /^[\p{Po}\p{Pe}\p{Pf}\u2013\u2014]/u;
  const opening = /[\u00bf\u00a1#%&*@\u2020\u2021\u00a7\u00b6'"]/u;  // may open a line
  const inline = new Set(["inline", "inline-block", "inline-flex", "contents"]);
  const container = (node) => {
    let element = node.parentElement;
    while (element && inline.has(getComputedStyle(element).display)) {
      element = element.parentElement;
    }
    return element;
  };
  const hidden = (element) => !!element.closest(
    "script, style, noscript, template, [hidden], .visually-hidden, .print-url, .print-only"
  ) || !element.checkVisibility({ visibilityProperty: true });
  const found = [];
  const last = new Map();  // container -> rect of its last character seen
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.trim() || hidden(node.parentElement)) continue;
    const box = container(node);
    for (let i = 0; i < node.data.length; i++) {
      const character = node.data[i];
      if (/\s/.test(character)) continue;
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      if (!rect.width || !rect.height) continue;
      const before = last.get(box);
      last.set(box, rect);
      const newLine = before && rect.top > before.top + before.height / 2;
      if (newLine && starts.test(character) && !opening.test(character)) {
        found.push(`${JSON.stringify(character)} starts a line in ` +
          JSON.stringify(node.data.slice(Math.max(0, i - 30), i + 20).replace(/\s+/g, " ")));
      }
    }
  }
  return found;
}"""
MENU_ROWS = """() => new Set([...document.querySelectorAll('nav[aria-label="Main"] li')]
  .map((item) => Math.round(item.getBoundingClientRect().top))).size"""


@pytest.fixture(scope="module")
def tab(browser):
    """One tab for every address and width: a page is loaded once, then the window is
    resized to each width, and the lines are laid out again as a reader's would be."""
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800})
    yield context.new_page()
    context.close()


def show(tab, url: str, width: int):
    tab.set_viewport_size({"width": width, "height": 800})
    if tab.url != url:
        tab.goto(url, wait_until="load")
    return tab


def test_no_line_starts_with_punctuation(tab, served_site):
    problems = []
    for name, path in sorted({**PAGES, "search": "/search/"}.items()):
        for width in WIDTHS:
            problems += [
                f"{name} ({path}) at {width}px: {line}"
                for line in show(tab, served_site + path, width).evaluate(
                    LINES_STARTING_WITH_PUNCTUATION
                )
            ]
    assert not problems, "\n".join(problems)


def test_the_measure_sees_a_comma_wrapped_alone(tab, served_site):
    """The measure itself can fail: a block-like link followed by a comma, too wide."""
    page = tab.context.new_page()  # its own: this one's text is changed below
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(served_site + "/", wait_until="load")
    page.evaluate("""() => {
      const p = document.createElement("p");
      p.innerHTML = '<a href="#">A link</a>, after';
      // Styled through the DOM: the site's CSP refuses style attributes.
      p.style.width = "300px";
      Object.assign(p.firstChild.style, { display: "inline-block", width: "300px" });
      document.querySelector("main").prepend(p);
    }""")
    found = page.evaluate(LINES_STARTING_WITH_PUNCTUATION)
    page.close()
    assert any(line.startswith('"," starts a line') for line in found), found


def test_the_main_menu_fits_one_line_on_a_laptop(tab, served_site):
    for path in ("/", PAGES["article"]):
        page = show(tab, served_site + path, 1280)
        labels = page.locator('nav[aria-label="Main"] a').all_inner_texts()
        assert labels == list(NAV_LABELS)
        assert page.evaluate(MENU_ROWS) == 1, f"the menu wraps on {path}"
