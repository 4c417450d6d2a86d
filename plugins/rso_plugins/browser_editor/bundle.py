"""The editor's third-party JavaScript, copied from the npm packages `scripts/setup` installs.

package.json and package-lock.json pin the versions (and npm checks their integrity), so
the editor's code comes from the site itself, never from a CDN. Sveltia CMS is served as
its npm build (``npm/``), which carries most of what it loads later (React, the fonts,
image codecs) beside itself, where its browser build would fetch them from unpkg and
jsDelivr. The few libraries it leaves to a bundler (``import("immutable")``) are copied
from their own packages, which npm installed with it, and the page's import map names
them. Source maps are left behind: only developer tools ask for them.
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from rso_plugins.content_problems import EditorError

# (package, folder inside it, folder under /admin/ it is served from)
PACKAGES = (
    ("@sveltia/cms", "npm", "sveltia"),
    ("yaml", "browser/dist", "yaml"),
)
# Bare module names the npm build of Sveltia CMS imports, and the file of each (under
# node_modules): Immutable for the custom fields and previews, exifr for photo uploads,
# Turndown for pasting formatted text. (It also names Leaflet, SVGO and Shiki, for map
# fields, SVG optimisation and code colouring, which this site's forms do not use.)
MODULES = (
    ("immutable", "immutable/dist/immutable.es.js"),
    ("exifr/dist/lite.esm.mjs", "exifr/dist/lite.esm.mjs"),
    ("turndown/lib/turndown.browser.es.js", "turndown/lib/turndown.browser.es.js"),
)
MODULES_FOLDER = "modules"
# Only developer tools read these, and they are most of the bytes.
LEFT_BEHIND = ("*.map",)


class EditorFilesMissing(EditorError):
    """The npm packages the editor is copied from are not installed."""


@dataclass(frozen=True)
class Bundle:
    """Where the editor's npm packages are on this machine."""

    node_modules: Path

    def folders(self):
        """(source folder, folder under /admin/) for every package the editor serves."""
        for package, inside, served_as in PACKAGES:
            yield self.node_modules / package / inside, served_as

    def version(self, package: str) -> str:
        """The installed version of ``package``, as npm wrote it."""
        manifest = self.node_modules / package / "package.json"
        return json.loads(manifest.read_text(encoding="utf-8"))["version"]


def candidate_folders(settings) -> list[Path]:
    """Where node_modules may be: BROWSER_EDITOR_NODE_MODULES if set; else beside the
    content folder's project; else beside the virtual environment running this build
    (scripts/setup puts .venv and node_modules in the same project, so a copy of the
    project built by that environment, as tests make, uses its packages)."""
    chosen = settings.get("BROWSER_EDITOR_NODE_MODULES")
    if chosen:
        return [Path(chosen)]
    project = Path(settings["PATH"]).resolve().parent
    return list(dict.fromkeys([project / "node_modules", Path(sys.prefix).parent / "node_modules"]))


def find_bundle(settings) -> Bundle:
    """The first node_modules holding every package; EditorFilesMissing if none does."""
    tried = candidate_folders(settings)
    for folder in tried:
        if all((folder / package / inside).is_dir() for package, inside, _ in PACKAGES) and all(
            (folder / path).is_file() for _, path in MODULES
        ):
            return Bundle(folder)
    names = ", ".join(package for package, _, _ in PACKAGES)
    raise EditorFilesMissing(
        f"the browser editor (/admin/) needs the npm packages {names}, which are not in "
        f"{' or '.join(str(folder) for folder in tried)}; run scripts/setup (it runs npm ci)"
    )


def import_map() -> dict[str, dict[str, str]]:
    """The page's import map: where each bare module name is served, beside the page."""
    return {"imports": {name: f"./{MODULES_FOLDER}/{path}" for name, path in MODULES}}


def copy_bundle(bundle: Bundle, target: Path) -> None:
    """Copy each package's served folder to ``target``/<name>/ and each module to
    ``target``/modules/<its path>, without source maps."""
    for source, served_as in bundle.folders():
        destination = target / served_as
        if destination.exists():
            shutil.rmtree(destination)
        shutil.copytree(source, destination, ignore=shutil.ignore_patterns(*LEFT_BEHIND))
    modules = target / MODULES_FOLDER
    if modules.exists():
        shutil.rmtree(modules)
    for _, path in MODULES:
        destination = modules / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(bundle.node_modules / path, destination)
