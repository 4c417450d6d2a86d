"""The editor's third-party JavaScript, copied from the npm packages `scripts/setup` installs.

package.json and package-lock.json pin the versions (and npm checks their integrity), so
the editor's code comes from the site itself, never from a CDN. Sveltia CMS is served as
its npm build (``npm/``), which carries most of what it loads later (React, the fonts)
beside itself, where its browser build would fetch them from unpkg and jsDelivr. The
few libraries it leaves to a bundler (``import("immutable")``) are copied from their own
packages, which npm installed with it, and the page's import map names them. Only what
the editor loads is copied: not source maps, which only developer tools read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rso_plugins.atomic_file import place_file
from rso_plugins.content_problems import EditorError
from rso_plugins.npm_packages import node_modules_folders

# (package, folder inside it, folder under /admin/ it is served from, files it needs):
# of Sveltia's npm build, the code, React (for the custom fields and the preview) and the
# fonts with their licences; not the image codecs (HEIC, WebP) and map marker, which only
# features this site does not configure load.
PACKAGES = (
    (
        "@sveltia/cms",
        "npm",
        "sveltia",
        ("index.js", "chunks/react-*.js", "assets/*.woff2", "assets/*.LICENSE.txt"),
    ),
    ("yaml", "browser/dist", "yaml", ("**/*.js",)),
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
# The folders under /admin/ that hold others' code, as npm installed it.
THIRD_PARTY_FOLDERS = (*(served for _, _, served, _ in PACKAGES), MODULES_FOLDER)


class EditorFilesMissing(EditorError):
    """The npm packages the editor is copied from are not installed."""


@dataclass(frozen=True)
class Bundle:
    """Where the editor's npm packages are on this machine."""

    node_modules: Path

    def files(self) -> dict[str, Path]:
        """Every file the editor serves from npm packages: {path under /admin/: source}."""
        found = {}
        for package, inside, served_as, patterns in PACKAGES:
            folder = self.node_modules / package / inside
            for pattern in patterns:
                for source in sorted(folder.glob(pattern)):
                    found[f"{served_as}/{source.relative_to(folder).as_posix()}"] = source
        for _, path in MODULES:
            found[f"{MODULES_FOLDER}/{path}"] = self.node_modules / path
        return found

    def version(self, package: str) -> str:
        """The installed version of ``package``, as npm wrote it."""
        manifest = self.node_modules / package / "package.json"
        return json.loads(manifest.read_text(encoding="utf-8"))["version"]


def candidate_folders(settings) -> list[Path]:
    """Where node_modules may be: BROWSER_EDITOR_NODE_MODULES if set; else where every
    npm package the build reads is looked for (rso_plugins.npm_packages)."""
    chosen = settings.get("BROWSER_EDITOR_NODE_MODULES")
    if chosen:
        return [Path(chosen)]
    return node_modules_folders(settings)


def find_bundle(settings) -> Bundle:
    """The first node_modules holding every package; EditorFilesMissing if none does."""
    tried = candidate_folders(settings)
    for folder in tried:
        if all((folder / package / inside).is_dir() for package, inside, _, _ in PACKAGES) and all(
            (folder / path).is_file() for _, path in MODULES
        ):
            return Bundle(folder)
    names = ", ".join(package for package, _, _, _ in PACKAGES)
    raise EditorFilesMissing(
        f"the browser editor (/admin/) needs the npm packages {names}, which are not in "
        f"{' or '.join(str(folder) for folder in tried)}; run scripts/setup (it runs npm ci)"
    )


def import_map() -> dict[str, dict[str, str]]:
    """The page's import map: where each bare module name is served, beside the page."""
    return {"imports": {name: f"./{MODULES_FOLDER}/{path}" for name, path in MODULES}}


def copy_bundle(bundle: Bundle, target: Path) -> None:
    """Put the npm files in ``target`` (the /admin/ folder), linked where the file system
    allows (copying 95 files took a tiny build a twentieth of its time), leaving a file
    that is already there alone, so a rebuild rewrites nothing."""
    wanted = bundle.files()
    for name, source in wanted.items():
        place_file(source, target / name)
    for folder in THIRD_PARTY_FOLDERS:
        for stale in sorted((target / folder).rglob("*"), reverse=True):
            name = stale.relative_to(target).as_posix()
            if stale.is_file() and name not in wanted:
                stale.unlink()


def write_if_changed(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` unless it holds exactly that already."""
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
