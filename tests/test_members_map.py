"""The members map: codes in the data file, the drawing, what the members page shows.

Facts are asserted on tiny sites whose data file is written here (made-up names with
the codes of real places), never on content/. The real members page is checked only by
rules that hold for any content (WCAG 2.2 AA with axe, reflow, printing).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from rso_plugins.bali_process import BaliProcessDataError, load_figures
from rso_plugins.content_problems import ContentProblems
from rso_plugins.members_map.cache import drawing_key, load_drawing
from rso_plugins.members_map.members_map import (
    DEFAULT_GEOMETRY,
    DRAWING,
    MembersMapSetupError,
)
from rso_plugins.members_map.shapes import DrawingSettings, drawing_to_json
from rso_plugins.npm_packages import PLUGINS_PROJECT
from sitetools.build import ROOT
from sitetools.content_check import check_content
from tests.accessibility import accessibility_tree, axe_violations
from tests.tiny_site import DEFAULT_FILES, TINY_DATA, build_tiny_site, write_files

GEOMETRY = PLUGINS_PROJECT / DEFAULT_GEOMETRY
MEMBERS_PAGE = "Title: Members\nSlug: members\nTemplate: members\nSummary: Who.\n\nAll.\n"
# Made-up names placed by the codes of real places: Australia (large), Nauru and Hong
# Kong (tiny), Fiji (cut by Natural Earth at 180°), Tuvalu (only in the 1:10m
# geometry); Russia (also cut at 180°) and Canada as observers.
MAP_DATA = """\
as_of: 2020-01-31
source:
  title: Tiny test source
  url: https://example.org/source
members:
  states:
    - {name: Alpha, code: AU}
    - Nauru
    - {name: Hotel SAR, code: HK}
    - {name: Foxtrot, code: FJ}
    - {name: Tango, code: TV}
  organisations:
    - Delta Organisation
observers:
  total: 9
  named:
    - {name: Romeo, code: RU}
    - Canada
rcf_principles:
  - First principle of the test.
"""
MEMBERS = {"Alpha", "Nauru", "Hotel SAR", "Foxtrot", "Tango"}
OBSERVERS = {"Romeo", "Canada"}
SMALL = {"Nauru", "Hotel SAR", "Foxtrot", "Tango"}
MEMBER_WORDS = ": member state or territory"
OBSERVER_WORDS = ": observer"
OTHER_WORDS = ": not a member or named observer"


def write_data(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bali-process.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def data_error(tmp_path: Path, text: str) -> BaliProcessDataError:
    with pytest.raises(BaliProcessDataError) as error:
        load_figures(str(write_data(tmp_path, text)), "data.yaml")
    return error.value


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def with_states(*lines: str, named: tuple[str, ...] = ("Canada",)) -> str:
    """The map data file with these member state lines and named observers."""
    states = "".join(f"    - {line}\n" for line in lines)
    observers = "".join(f"    - {line}\n" for line in named)
    start = MAP_DATA.index("  states:\n") + len("  states:\n")
    end = MAP_DATA.index("  organisations:")
    text = MAP_DATA[:start] + states + MAP_DATA[end:]
    start = text.index("  named:\n") + len("  named:\n")
    end = text.index("rcf_principles:")
    return text[:start] + observers + text[end:]


# Codes in the data file -------------------------------------------------------------


def test_a_name_iso_3166_uses_is_placed_by_it_and_a_written_code_by_the_code(tmp_path):
    text = with_states(
        "Viet Nam", "Iran", "{name: Hotel SAR, code: hk}", "Canada", named=("South Africa",)
    )
    figures = load_figures(str(write_data(tmp_path, text)))
    assert [(s.name, s.code) for s in figures.member_states] == [
        ("Viet Nam", "VN"),
        ("Iran", "IR"),
        ("Hotel SAR", "HK"),
        ("Canada", "CA"),
    ]
    assert [(o.name, o.code) for o in figures.observers_named] == [("South Africa", "ZA")]
    # Each entry is still its name wherever names are read.
    assert figures.member_states[2] == "Hotel SAR"
    assert figures.member_states[2].line == line_of(text, "Hotel SAR")


def test_the_figures_survive_pickling_and_copying_with_their_codes(tmp_path):
    """Worker processes and caches get the figures by pickle or copy."""
    import copy
    import pickle

    figures = load_figures(str(write_data(tmp_path, MAP_DATA)))
    for again in (pickle.loads(pickle.dumps(figures)), copy.deepcopy(figures)):
        assert again == figures
        assert [(s.code, s.line) for s in again.member_states] == [
            (s.code, s.line) for s in figures.member_states
        ]


def test_the_open_data_file_carries_the_codes(tmp_path):
    data = load_figures(str(write_data(tmp_path, MAP_DATA))).as_open_data()
    assert data["members"]["states"] == ["Alpha", "Nauru", "Hotel SAR", "Foxtrot", "Tango"]
    assert data["members"]["state_codes"]["Hotel SAR"] == "HK"
    assert data["members"]["state_codes"]["Nauru"] == "NR"
    assert data["observers"]["named_codes"] == {"Romeo": "RU", "Canada": "CA"}


def test_a_name_that_cannot_be_placed_is_named_with_its_line_and_what_to_add(tmp_path):
    error = data_error(tmp_path, with_states("Australia", "Hong Kong SAR"))
    assert error.line == 8
    assert str(error) == (
        "data.yaml:8: members.states[1]: 'Hong Kong SAR' cannot be placed on the map: "
        "ISO 3166-1 has no country or territory of that name; add its two-letter ISO "
        "3166-1 code, '- {name: Hong Kong SAR, code: XX}'"
    )


def test_a_name_that_needs_quotes_is_shown_with_them(tmp_path):
    error = data_error(tmp_path, with_states('"Korea, South"'))
    assert "'- {name: \"Korea, South\", code: XX}'" in str(error)


def test_an_observer_that_cannot_be_placed_is_named(tmp_path):
    error = data_error(tmp_path, with_states("Australia", named=("Canada", "Atlantis")))
    assert re.match(
        r"data\.yaml:\d+: observers\.named\[1\]: 'Atlantis' cannot be placed", str(error)
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{name: Hotel SAR, code: XX}", "'XX' is not a two-letter ISO 3166-1 code; correct it"),
        ("{name: Hotel SAR, code: 344}", "'344' is not a two-letter ISO 3166-1 code"),
        ("{name: Hotel SAR}", "'Hotel SAR' cannot be placed on the map"),
        ("{name: Hotel SAR, code: }", "give 'Hotel SAR' its two-letter ISO 3166-1 code"),
        ("{name: Norway, code: NO}", 'write the code in quotes, code: "NO"'),
        ("{name: Australia, code: AT}", "'Australia' is AU in ISO 3166-1, but its code says AT"),
        ("{name: Hotel SAR, iso: HK}", "unknown field 'iso'; an entry is a name, or"),
        ("{code: HK}", "give the name as text: {name: ..., code: ...}"),
    ],
    ids=[
        "unknown code",
        "a number",
        "no code",
        "empty code",
        "NO unquoted",
        "contradicts",
        "field",
        "no name",
    ],
)
def test_each_mistake_in_an_entry_is_named_on_its_line(tmp_path, line, message):
    error = data_error(tmp_path, with_states("Japan", line))
    assert error.line == 8
    assert message in str(error)


def test_two_entries_with_one_code_are_named_with_both_lines(tmp_path):
    text = with_states("Australia", "Canada", named=("{name: C, code: CA}",))
    error = data_error(tmp_path, text)
    assert str(error).startswith(
        f"data.yaml:{line_of(text, '{name: C')}: code: 'C' is placed as CA, like 'Canada' "
        f"on line {line_of(text, '- Canada')}; each state or observer has its own code"
    )


def test_organisations_take_no_code(tmp_path):
    text = MAP_DATA.replace("    - Delta Organisation\n", "    - {name: Delta, code: DE}\n")
    error = data_error(tmp_path, text)
    assert "members.organisations[0]: write the name alone" in str(error)


def test_the_bundled_data_file_places_every_state_and_observer():
    """A rule that holds for any content: the map can place everyone the file names."""
    figures = load_figures(str(ROOT / "content" / "data" / "bali-process.yaml"))
    codes = [place.code for place in (*figures.member_states, *figures.observers_named)]
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in codes)
    assert len(set(codes)) == len(codes)


# What the members page shows ----------------------------------------------------------


def map_of(output: Path) -> BeautifulSoup:
    page = BeautifulSoup((output / "members/index.html").read_text("utf-8"), "html.parser")
    figure = page.find("figure", class_="members-map")
    assert figure is not None, "the members page has no map"
    return figure


def titles(figure, selector: str) -> list[str]:
    return [element.title.get_text() for element in figure.select(selector)]


def names(found: list[str], words: str) -> set[str]:
    assert all(title.endswith(words) for title in found), found
    return {title.removesuffix(words) for title in found}


@pytest.fixture(scope="module")
def tiny_map(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tiny-map")
    files = {"data/bali-process.yaml": MAP_DATA, "pages/members.md": MEMBERS_PAGE}
    return build_tiny_site(folder, files)


def test_exactly_the_members_are_filled_and_observers_hatched(tiny_map):
    figure = map_of(tiny_map)
    members = names(titles(figure, 'g[data-status="member"] path'), MEMBER_WORDS)
    observers = names(titles(figure, 'g[data-status="observer"] path'), OBSERVER_WORDS)
    # Nauru and Tuvalu are too small to draw as shapes: their dots stand for them.
    assert {"Alpha", "Foxtrot"} <= members <= MEMBERS
    assert observers == OBSERVERS
    others = names(titles(figure, 'g[data-status="other"] path'), OTHER_WORDS)
    assert {"Brazil", "Indonesia", "New Zealand", "United States of America"} <= others
    assert len(others) > 150
    svg = figure.svg
    member_fill = svg.find("g", attrs={"data-status": "member"})["fill"]
    assert svg.find("g", attrs={"data-status": "other"})["fill"] != member_fill
    assert svg.find("g", attrs={"data-status": "observer"})["fill"] == "url(#members-map-hatch)"
    assert svg.find("pattern", id="members-map-hatch") is not None


def test_small_places_are_dots_and_large_ones_are_not(tiny_map):
    figure = map_of(tiny_map)
    dots = names(titles(figure, 'g.map-dots[data-status="member"] circle'), MEMBER_WORDS)
    assert dots == SMALL
    assert not figure.select('g.map-dots[data-status="observer"] circle')
    key = figure.figcaption.get_text(" ", strip=True)
    assert "A dot marks a member too small to see" in key


def test_the_text_alternative_and_key_give_the_counts_of_the_data_file(tiny_map):
    figure = map_of(tiny_map)
    svg = figure.svg
    label = svg.find(id=svg["aria-labelledby"]).get_text()
    assert label == (
        "World map of the Bali Process: its 5 member states and territories and 2 of its "
        "9 observers (those named below), marked where they are."
    )
    key = " ".join(figure.figcaption.get_text(" ").split())
    assert "Member states and territories (5)" in key
    assert "Observers named on this page (2 of 9)" in key
    assert "observers not named here" in key
    # Other places are hidden from screen readers; members and observers are read out.
    assert svg.find("g", attrs={"data-status": "other"})["aria-hidden"] == "true"
    assert not svg.find("g", attrs={"data-status": "member"}).get("aria-hidden")


def test_the_lists_stay_after_the_map(tiny_map):
    page = (tiny_map / "members/index.html").read_text("utf-8")
    assert page.index('class="members-map"') < page.index("Member states and territories (5)</h2>")


def ring_steps(d: str):
    """Each ring of an SVG path as written by the plugin: (start, relative steps)."""
    for ring in re.findall(r"M([^Mz]+)z", d):
        head, _, rest = ring.partition("l")
        numbers = [int(n) for n in re.findall(r"-?\d+", rest)]
        yield (
            tuple(int(n) for n in head.split()),
            list(zip(numbers[::2], numbers[1::2], strict=True)),
        )


def test_no_shape_streaks_across_the_map(tiny_map):
    """A ring crossing the map's edge (Greenland, Antarctica) or Natural Earth's 180°
    cut (Russia, Fiji) would draw a line across the world: no step may cross a quarter
    of the map, except along the flat poles of Equal Earth."""
    svg = map_of(tiny_map).svg
    width, height = (float(n) for n in svg["viewbox"].split()[2:])
    streaks = []
    for path in svg.select("g.map-shapes path"):
        for (x, y), steps in ring_steps(path["d"]):
            for dx, dy in steps:
                on_pole = dy == 0 and (y <= height * 0.02 or y >= height * 0.98)
                if abs(dx) > width / 4 and not on_pole:
                    streaks.append((path.title.get_text(), x, y, dx, dy))
                x, y = x + dx, y + dy
    assert not streaks, streaks[:5]


def test_places_cut_at_180_degrees_are_drawn_in_one_piece_of_the_map(tiny_map):
    """Natural Earth cuts Russia and Fiji at 180°, which is inland on this map: their
    parts lie together, not on both edges of the map."""
    figure = map_of(tiny_map)
    width = float(figure.svg["viewbox"].split()[2])
    spread = {}
    for path in figure.select("g.map-shapes path"):
        title = path.title.get_text()
        if title in {"Romeo" + OBSERVER_WORDS, "Foxtrot" + MEMBER_WORDS}:
            xs = [x for (x, _), _ in ring_steps(path["d"])]
            spread[title.split(":")[0]] = max(xs) - min(xs)
    assert spread["Romeo"] < width / 2
    assert spread["Foxtrot"] < width / 50


def relative_luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    high, low = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_fills_meet_3_to_1_against_the_globe_and_each_other(tiny_map):
    """WCAG 2.2 non-text contrast (1.4.11), measured on the colours the page draws."""
    svg = map_of(tiny_map).svg
    fill = {
        status: svg.find("g", attrs={"data-status": status})["fill"]
        for status in ("member", "other")
    }
    fill["observer"] = svg.find("pattern").rect["fill"]
    globe = svg.find("path", recursive=False)["fill"]
    pairs = {
        ("member", "globe"): contrast(fill["member"], globe),
        ("observer", "globe"): contrast(fill["observer"], globe),
        ("member", "observer"): contrast(fill["member"], fill["observer"]),
        ("member", "other"): contrast(fill["member"], fill["other"]),
        ("observer", "other"): contrast(fill["observer"], fill["other"]),
    }
    low = {pair: round(ratio, 2) for pair, ratio in pairs.items() if ratio < 3}
    assert not low, f"below 3:1: {low}"


def test_a_member_removed_is_neutral_after_the_next_build(tmp_path):
    cached = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path / "cache"),
    }
    files = {"data/bali-process.yaml": MAP_DATA, "pages/members.md": MEMBERS_PAGE}
    output = build_tiny_site(tmp_path / "site", files, **cached)
    assert "Alpha" + MEMBER_WORDS in titles(map_of(output), 'g[data-status="member"] path')
    without = MAP_DATA.replace("    - {name: Alpha, code: AU}\n", "")
    build_tiny_site(tmp_path / "site", {**files, "data/bali-process.yaml": without}, **cached)
    figure = map_of(output)
    assert "Alpha" + MEMBER_WORDS not in titles(figure, "g.map-shapes path")
    assert "Australia" + OTHER_WORDS in titles(figure, 'g[data-status="other"] path')
    assert "Member states and territories (4)" in figure.figcaption.get_text()


def test_builds_of_the_same_input_write_the_same_members_page(tiny_map, tmp_path):
    files = {"data/bali-process.yaml": MAP_DATA, "pages/members.md": MEMBERS_PAGE}
    again = build_tiny_site(tmp_path, files)
    page = "members/index.html"
    assert (again / page).read_bytes() == (tiny_map / page).read_bytes()


# Mistakes the build reports -----------------------------------------------------------


def test_a_name_with_no_code_stops_the_build_and_the_check_with_one_line(tmp_path):
    data = with_states("{name: Alpha, code: AU}", "Hong Kong SAR")
    files = {"data/bali-process.yaml": data, "pages/members.md": MEMBERS_PAGE}
    content = tmp_path / "content"
    write_files(content, {**DEFAULT_FILES, **files})
    expected = (
        f"{content}/data/bali-process.yaml:8: members.states[1]: 'Hong Kong SAR' cannot be "
        "placed on the map: ISO 3166-1 has no country or territory of that name; add its "
        "two-letter ISO 3166-1 code, '- {name: Hong Kong SAR, code: XX}'"
    )
    assert check_content(content).problems == [expected]
    with pytest.raises(ContentProblems) as stopped:
        build_tiny_site(tmp_path, files)
    assert str(stopped.value).splitlines() == [expected]
    assert not (tmp_path / "output" / "members").exists(), "nothing is written"


def test_a_code_the_map_has_no_shape_for_stops_the_build_with_its_line(tmp_path):
    """Guadeloupe is in ISO 3166 but drawn by Natural Earth as part of France."""
    files = {
        "data/bali-process.yaml": with_states("{name: Alpha, code: AU}", "Guadeloupe"),
        "pages/members.md": MEMBERS_PAGE,
    }
    with pytest.raises(ContentProblems) as stopped:
        build_tiny_site(tmp_path, files)
    [problem] = stopped.value.problems
    assert problem.line == 8
    assert problem.message.startswith(
        "members.states: 'Guadeloupe' is placed by the code GP, which the world map "
        "(Natural Earth) does not draw on its own; check the code"
    )


def test_when_the_figures_fail_to_load_the_map_says_nothing(tmp_path):
    files = {
        "data/bali-process.yaml": MAP_DATA.replace("as_of: 2020-01-31", "as_of: 2020-13-45"),
        "pages/members.md": MEMBERS_PAGE,
    }
    with pytest.raises(ContentProblems) as stopped:
        build_tiny_site(tmp_path, files)
    [problem] = stopped.value.problems
    assert problem.message.startswith("as_of: 2020-13-45 is not a real date")


def test_a_missing_geometry_file_says_how_to_install_it(tmp_path):
    missing = tmp_path / "node_modules/world-atlas/countries-50m.json"
    with pytest.raises(MembersMapSetupError) as stopped:
        build_tiny_site(tmp_path, {}, MEMBERS_MAP_GEOMETRY=str(missing))
    assert str(stopped.value) == (
        f"{missing}: the members map is drawn from this file, which is missing; "
        "run scripts/setup (npm ci installs it from package.json)"
    )


# The drawing and its cache ------------------------------------------------------------

# Natural Earth at 1:110m draws in a fraction of the time 1:50m takes, by the same code.
SMALL_GEOMETRY = PLUGINS_PROJECT / "node_modules/world-atlas/countries-110m.json"


@pytest.fixture(scope="module")
def drawn_anew(tmp_path_factory) -> Path:
    """The 1:110m world drawn from scratch into an empty cache folder."""
    folder = tmp_path_factory.mktemp("drawing")
    load_drawing(SMALL_GEOMETRY, folder, DRAWING)
    return folder


def test_the_drawing_is_kept_by_its_inputs_and_drawn_the_same_every_time(drawn_anew, tmp_path):
    [kept] = drawn_anew.glob("*.json")
    assert kept.stem == drawing_key(_sha256(SMALL_GEOMETRY), DRAWING)
    # Another process, the same inputs: the same bytes.
    again = tmp_path / "again"
    subprocess.run(
        [sys.executable, "-c", DRAW_IN_A_NEW_PROCESS, str(SMALL_GEOMETRY), str(again)],
        check=True,
        cwd=ROOT,
    )
    assert (again / kept.name).read_bytes() == kept.read_bytes()
    drawing = json.loads(kept.read_text("utf-8"))
    assert drawing["settings"]["central_meridian"] == DRAWING.central_meridian
    assert len(drawing["shapes"]) > 150


DRAW_IN_A_NEW_PROCESS = """
import sys
from pathlib import Path
from rso_plugins.members_map.cache import load_drawing
from rso_plugins.members_map.members_map import DRAWING
load_drawing(Path(sys.argv[1]), Path(sys.argv[2]), DRAWING)
"""


def _sha256(path: Path) -> str:
    from rso_plugins.file_digest import file_sha256

    return file_sha256(path)


def test_other_settings_or_other_geometry_bytes_give_another_drawing():
    digest = _sha256(GEOMETRY)
    key = drawing_key(digest, DRAWING)
    assert drawing_key(digest, DrawingSettings(central_meridian=140.0)) != key
    assert drawing_key(digest, DrawingSettings(tolerance=0.3)) != key
    assert drawing_key(_sha256(SMALL_GEOMETRY), DRAWING) != key
    assert drawing_key(digest, DRAWING, frozenset({"798"})) != key
    assert drawing_key(digest, DrawingSettings()) == key


KEPT_BUILD = """
import sys
from pathlib import Path
from tests.tiny_site import build_tiny_site
build_tiny_site(Path(sys.argv[1]), {"pages/members.md": sys.argv[2]})
print(sorted(name for name in ("pyproj", "shapely", "topojson") if name in sys.modules))
"""


def test_a_build_with_the_drawing_kept_never_loads_the_geometry_libraries(tiny_map, tmp_path):
    """``tiny_map`` was built with the drawing kept where every build looks for it."""
    result = subprocess.run(
        [sys.executable, "-c", KEPT_BUILD, str(tmp_path), MEMBERS_PAGE],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
    page = (tmp_path / "output/members/index.html").read_text("utf-8")
    assert "World map of the Bali Process" in page


def test_a_damaged_drawing_in_the_cache_is_drawn_again(drawn_anew, tmp_path):
    [kept] = drawn_anew.glob("*.json")
    damaged = tmp_path / kept.name
    damaged.write_text('{"width": 1000', encoding="utf-8")
    drawing = load_drawing(SMALL_GEOMETRY, tmp_path, DRAWING)
    assert damaged.read_bytes() == kept.read_bytes()
    assert drawing_to_json(drawing) == kept.read_text("utf-8")


def test_the_tiny_data_of_other_tests_places_everyone(tmp_path):
    """tests/tiny_site.py's data file, which every tiny site uses, is placeable."""
    figures = load_figures(str(write_data(tmp_path, TINY_DATA)))
    assert [s.code for s in figures.member_states] == ["AL", "BR", "CL"]


# The real members page in Chromium: rules that hold for any content -------------------

MEMBERS_PATH = "/members/"


@pytest.fixture
def open_members(browser, served_site):
    """Open the members page at a width; the context is closed after the test."""
    opened = []

    def open_at(width: int):
        context = browser.new_context(viewport={"width": width, "height": 900})
        opened.append(context)
        page = context.new_page()
        page.goto(served_site + MEMBERS_PATH, wait_until="load")
        return page

    yield open_at
    for context in opened:
        context.close()


def test_the_members_page_with_its_map_passes_axe_on_a_phone_and_a_laptop(open_members):
    page = open_members(375)
    assert page.locator("figure.members-map > svg").is_visible()
    found = [axe_violations(page, width, height=900) for width in (375, 1280)]
    assert not any(found), "\n".join(found)


def test_screen_readers_hear_each_member_and_observer_on_the_map_once(open_members):
    figures = load_figures(str(ROOT / "content" / "data" / "bali-process.yaml"))
    read = accessibility_tree(open_members(1280))
    members = [name.removesuffix(MEMBER_WORDS) for name in read if name.endswith(MEMBER_WORDS)]
    observers = [n.removesuffix(OBSERVER_WORDS) for n in read if n.endswith(OBSERVER_WORDS)]
    assert sorted(members) == sorted(figures.member_states)
    assert sorted(observers) == sorted(figures.observers_named)
    assert not [name for name in read if name.endswith(OTHER_WORDS)]
    assert any(name.startswith("World map of the Bali Process: its ") for name in read)


def test_the_map_reflows_at_320px_and_keeps_its_dots_visible(open_members):
    page = open_members(320)
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width
    radius = page.evaluate(
        "(() => { const dot = document.querySelector('.map-dots circle');"
        " return dot ? dot.getBoundingClientRect().width / 2 : null; })()"
    )
    if radius is not None:  # the content has a member too small to see
        assert radius >= 3, f"a dot {radius:.1f}px wide is hard to see on a phone"


def test_the_map_prints_in_its_colours_within_the_page(open_members):
    page = open_members(1280)
    page.emulate_media(media="print")
    svg = page.locator("figure.members-map > svg")
    assert svg.is_visible()
    width = svg.bounding_box()["width"]
    assert width <= page.evaluate("document.documentElement.clientWidth")
    fill = page.evaluate(
        "getComputedStyle(document.querySelector('g[data-status=member] path')).fill"
    )
    assert fill == "rgb(5, 35, 64)"
    adjust = page.evaluate(
        "getComputedStyle(document.querySelector('figure.members-map')).printColorAdjust"
    )
    assert adjust == "exact"


def test_the_map_benchmark_prints_its_cost_in_time_and_bytes(tmp_path):
    """Issue 21's budgets are read from bench/map_cost.py: its figures must be printed."""
    import io

    from bench.map_cost import measure, print_results, print_share

    results = measure(tmp_path, articles=2, runs=1)
    out = io.StringIO()
    print_results(results, tmp_path, out)
    print_share(tmp_path / "with", out, repeat=1)
    printed = out.getvalue()
    print(printed)
    assert re.search(r"the map adds, cold build: [+-][\d.]+ s \([\d.]+x wall", printed)
    assert "drawing the world once (after npm ci):" in printed
    match = re.search(r"the map (\d+) B \(target <= 30720 B", printed)
    assert match and int(match.group(1)) > 1000
    assert re.search(r"other pages: the stylesheet's map rules add \+\d+ B gzipped", printed)
    share = re.search(r"the map within a cold build: ([\d.]+) ms, ([\d.]+)% of the build", printed)
    assert share and float(share.group(1)) > 0 and 0 < float(share.group(2)) < 100
    assert "members-map" not in (tmp_path / "without/output/members/index.html").read_text("utf-8")
