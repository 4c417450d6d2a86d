"""Where the npm packages the build reads are installed (``node_modules``).

scripts/setup installs them with ``npm ci`` beside the project (package.json,
package-lock.json). A build looks beside the project whose content it builds, then
beside the project these plugins come from: a copy of the project, or a tiny site a
test builds in a temporary folder, uses the packages installed for the real project.
The browser editor's bundle and the members map's geometry are found the same way.
"""

from __future__ import annotations

from pathlib import Path

# The project this package is part of (plugins/rso_plugins/npm_packages.py).
PLUGINS_PROJECT = Path(__file__).resolve().parents[2]


def project_folders(settings) -> list[Path]:
    """The projects whose ``node_modules`` a build may use, in the order they are tried."""
    content_project = Path(settings["PATH"]).resolve().parent
    return list(dict.fromkeys([content_project, PLUGINS_PROJECT]))


def node_modules_folders(settings) -> list[Path]:
    """Every ``node_modules`` folder a build may use, in the order they are tried."""
    return [project / "node_modules" for project in project_folders(settings)]
