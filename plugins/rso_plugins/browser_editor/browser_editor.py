"""Write the editor at /admin/ into every build: its page, its code, its configuration.

The page and the editor's own JavaScript live beside this module (``admin/``); Sveltia
CMS and the YAML library come from node_modules (``bundle.py``); the configuration is
generated in each build from the rules the other plugins apply (``editor_config.py``),
so the editor and the build cannot disagree about what a valid file is.

Nothing is written until the site has been (``finalized``): a build that stops on an
editor's mistake writes no editor either, and `invoke check` never gets this far. The
page is no article or page of Pelican's, so it is in no sitemap, feed or list, and it
has no ``data-pagefind-body``, so search leaves it out; it asks robots not to index it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from pathlib import Path

from pelican import signals

from rso_plugins.bali_process.bali_process import CONTEXT_KEY
from rso_plugins.content_problems.content_problems import CHECK_ONLY_SETTING

from .bundle import copy_bundle, find_bundle, import_map, write_if_changed
from .editor_config import editor_settings

logger = logging.getLogger(__name__)

ADMIN_FILES = Path(__file__).with_name("admin")
DEFAULT_SAVE_AS = "admin"
SETTINGS_FILE = "editor.json"
PAGE = "index.html"
# Filled in the page: its import map, inline, and the hash by which its security policy
# lets that one inline script run (an import map cannot be a file of its own).
IMPORT_MAP_MARK = "<!--import-map-->"
IMPORT_MAP_HASH_MARK = "'import-map-hash'"
# What the running build will write when it finishes: (settings, placeholder values).
_pending: list[tuple[dict, dict[str, str]]] = []


def check_bundle(pelican) -> None:
    """Stop at start-up, before anything is read, if the editor's npm packages are missing
    (`invoke check` writes nothing, so it does not need them)."""
    if not pelican.settings.get(CHECK_ONLY_SETTING):
        find_bundle(pelican.settings)


def note_figures(generators) -> None:
    """Remember the figures the preview shows for placeholders, once content is read."""
    _pending.clear()
    figures = generators[0].context.get(CONTEXT_KEY)
    values = figures.placeholders() if figures is not None else {}
    _pending.append((generators[0].settings, values))


def write_editor(pelican) -> None:
    """Write /admin/: the page and its code, the npm packages, and editor.json."""
    if not _pending:
        return
    settings, placeholders = _pending.pop()
    target = Path(pelican.output_path) / settings.get("BROWSER_EDITOR_SAVE_AS", DEFAULT_SAVE_AS)
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(ADMIN_FILES.iterdir()):
        if source.is_file() and source.name != PAGE:
            write_if_changed(target / source.name, source.read_bytes())
    write_if_changed(target / PAGE, editor_page().encode())
    copy_bundle(find_bundle(settings), target)
    config = editor_settings(settings, placeholders)
    text = json.dumps(config, ensure_ascii=False, indent=1) + "\n"
    write_if_changed(target / SETTINGS_FILE, text.encode())
    logger.info("Writing the browser editor in %s", target)


def editor_page() -> str:
    """The page, with its import map and the policy line that allows exactly that map."""
    mapping = json.dumps(import_map(), indent=1)
    digest = base64.b64encode(hashlib.sha256(mapping.encode()).digest()).decode()
    page = (ADMIN_FILES / PAGE).read_text(encoding="utf-8")
    return page.replace(IMPORT_MAP_MARK, f'<script type="importmap">{mapping}</script>').replace(
        IMPORT_MAP_HASH_MARK, f"'sha256-{digest}'"
    )


def register() -> None:
    signals.initialized.connect(check_bundle)
    signals.all_generators_finalized.connect(note_figures)
    signals.finalized.connect(write_editor)
