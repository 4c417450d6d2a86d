"""Keep compiled templates between development builds.

Jinja compiles every template a build uses from its source, in every build: for this
theme about a tenth of a second of each warm rebuild, before any page is rendered.
With the content cache on (development builds), each generator's Jinja environment
is given a bytecode cache (Jinja's own FileSystemBytecodeCache, public API) in the
content cache folder. Jinja keys each compiled template by its name and the checksum of
its source, and checks the Python version, so an edited template is compiled again;
the folder itself is the fingerprinted one (cache_folder.py), so a change of settings,
plugins or library versions (Jinja included) starts afresh. Publish builds, which
cache nothing, compile as Pelican does.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache

FOLDER = "templates"


def keep_compiled_templates(generator) -> None:
    """Give the generator's Jinja environment a bytecode cache, when caching is on."""
    settings = generator.settings
    if not (settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE")):
        return
    environment = getattr(generator, "env", None)
    if environment is None:
        return
    folder = Path(settings["CACHE_PATH"]) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))
