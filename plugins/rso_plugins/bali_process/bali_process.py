"""Pelican signal handlers that put the Bali Process figures into every build.

The data file is loaded and validated once per build, in ``generator_init`` (which,
unlike ``initialized``, fires on every rebuild under ``invoke livereload``), before
anything is written, so a bad file stops the build with an empty-handed output.
"""

from __future__ import annotations

import json
import logging
import os

from pelican import signals
from pelican.contents import Static

from rso_plugins.content_problems import EditorError, find_line, report_problem
from rso_plugins.internals import content_context, rewrite_content_text

from .figures import BaliProcessDataError, load_figures
from .placeholders import fill_placeholders, unknown_placeholder_message

logger = logging.getLogger(__name__)

DEFAULT_DATA_FILE = "data/bali-process.yaml"
DEFAULT_JSON_SAVE_AS = "data/bali-process.json"
CONTEXT_KEY = "bali_process"
# The JSON file the running build will write when it finishes: (path, figures).
_open_data: list[tuple[str, object]] = []


# Where a wrong value is to be fixed (Pelican does not record which file it read).
SETTINGS_FILES = "pelicanconf.py (or publishconf.py)"


class BaliProcessSettingError(EditorError):
    """A BALI_PROCESS_* setting has a value it cannot use; the message says what to write."""


def check_settings(pelican) -> None:
    """Check BALI_PROCESS_DATA and BALI_PROCESS_JSON_SAVE_AS, and fill in their defaults,
    so templates can link to the JSON file from the setting."""
    settings = pelican.settings
    for name, default in (
        ("BALI_PROCESS_DATA", DEFAULT_DATA_FILE),
        ("BALI_PROCESS_JSON_SAVE_AS", DEFAULT_JSON_SAVE_AS),
    ):
        value = settings.setdefault(name, default)
        if not isinstance(value, str) or not value or os.path.isabs(value):
            raise BaliProcessSettingError(
                f"{SETTINGS_FILES}: {name} = {value!r} cannot be used; write a path relative "
                f'to the content or output folder, such as {name} = "{default}"'
            )


def data_file_path(settings) -> str:
    """Where the data file is: BALI_PROCESS_DATA, relative to the content folder."""
    return os.path.join(settings["PATH"], settings.get("BALI_PROCESS_DATA", DEFAULT_DATA_FILE))


def load_into_context(generator) -> None:
    """Load the figures once per build into the context all templates share."""
    context = generator.context
    if CONTEXT_KEY in context:
        return
    path = data_file_path(generator.settings)
    display = os.path.relpath(path)
    try:
        figures = load_figures(path, display)
    except BaliProcessDataError as error:
        # Reported with the content's other mistakes; the build stops before writing.
        context[CONTEXT_KEY] = None
        report_problem(path, error.line, f"{error.field}: {error.reason}")
        return
    context[CONTEXT_KEY] = figures
    logger.debug("Loaded Bali Process figures from %s", display)


def fill_content_placeholders(content) -> None:
    """Replace figure placeholders in an article's or page's body, summary and title.

    ``content_object_init`` fires for static files too (photos, PDFs), which have no
    text to fill: they are left alone.
    """
    if isinstance(content, Static):
        return
    figures = content_context(content).get(CONTEXT_KEY)
    if figures is None:
        return
    values = figures.placeholders()
    unknown: list[str] = []

    def fill(text: str) -> str:
        filled, missing = fill_placeholders(text, values)
        unknown.extend(missing)
        return filled

    rewrite_content_text(content, fill)
    source = content.source_path
    for name in dict.fromkeys(unknown):
        report_problem(
            source,
            find_line(source, "{" + name + "}"),
            unknown_placeholder_message(name, values),
        )


def prepare_open_data(generators) -> None:
    """Note what the JSON file will hold, once every generator has read its content."""
    _open_data.clear()
    figures = generators[0].context.get(CONTEXT_KEY)
    if figures is None:  # the data file has mistakes; the build stops before writing
        return
    save_as = generators[0].settings.get("BALI_PROCESS_JSON_SAVE_AS", DEFAULT_JSON_SAVE_AS)
    _open_data.append((os.path.join(generators[0].output_path, save_as), figures))


def write_open_data(_pelican) -> None:
    """Publish the figures as JSON beside the site, for others to reuse.

    Written at ``finalized``, after the pages: a build that stops on a mistake in the
    content writes nothing at all."""
    for target, figures in _open_data:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(figures.as_open_data(), handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        logger.info("Writing %s", target)
    _open_data.clear()


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(load_into_context)
    signals.content_object_init.connect(fill_content_placeholders)
    signals.all_generators_finalized.connect(prepare_open_data)
    signals.finalized.connect(write_open_data)
