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

from content_problems import find_line, report_problem

from .figures import BaliProcessDataError, load_figures
from .placeholders import fill_placeholders, unknown_placeholder_message

logger = logging.getLogger(__name__)

DEFAULT_DATA_FILE = "data/bali-process.yaml"
DEFAULT_JSON_SAVE_AS = "data/bali-process.json"
CONTEXT_KEY = "bali_process"


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
    if isinstance(content, Static) or content._content is None:
        return
    context = getattr(content, "_context", None) or {}
    figures = context.get(CONTEXT_KEY)
    if figures is None:
        return
    values = figures.placeholders()
    unknown: list[str] = []
    content._content, missing = fill_placeholders(content._content, values)
    unknown += missing
    if getattr(content, "_summary", None):
        content._summary, missing = fill_placeholders(content._summary, values)
        content.metadata["summary"] = content._summary
        unknown += missing
    if getattr(content, "title", None):
        content.title, missing = fill_placeholders(content.title, values)
        unknown += missing
    source = content.source_path
    for name in dict.fromkeys(unknown):
        report_problem(
            source,
            find_line(source, "{" + name + "}"),
            unknown_placeholder_message(name, values),
        )


def write_open_data(generators) -> None:
    """Publish the figures as JSON beside the site, for others to reuse."""
    context = generators[0].context
    figures = context[CONTEXT_KEY]
    if figures is None:  # the data file has mistakes; the build stops before writing
        return
    save_as = context.get("BALI_PROCESS_JSON_SAVE_AS", DEFAULT_JSON_SAVE_AS)
    target = os.path.join(generators[0].output_path, save_as)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(figures.as_open_data(), handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    logger.info("Writing %s", target)


def register() -> None:
    signals.generator_init.connect(load_into_context)
    signals.content_object_init.connect(fill_content_placeholders)
    signals.all_generators_finalized.connect(write_open_data)
