"""How much of a full build the Bali Process data plugin takes.

Runs Pelican in this process, with each of the plugin's signal handlers wrapped in a
timer, and reports the handlers' share of the whole build. Measured within one build,
so machine speed cancels out: the target is under 2%.

    python -m bench.plugin_cost [PROJECT]   # default: this project
"""

from __future__ import annotations

import functools
import logging
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from rso_plugins.bali_process import bali_process
from sitetools.build import DEVELOP_SETTINGS, ROOT

HANDLERS = (
    "load_into_context",
    "fill_content_placeholders",
    "prepare_open_data",
    "write_open_data",
)


def _timed(function, totals: dict[str, float], calls: dict[str, tuple]):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        calls[function.__name__] = args
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            totals[function.__name__] += time.perf_counter() - start

    return wrapper


def measure_handler_share(
    project: Path,
    module,
    handlers: tuple[str, ...],
    repeat: int = 3,
    settings_file: str = DEVELOP_SETTINGS,
    overrides: dict | None = None,
    after_build=None,
) -> tuple[float, float]:
    """Build ``project`` ``repeat`` times in this process with ``module``'s signal
    ``handlers`` timed; return the medians of their seconds a build and of their share
    of the build. ``after_build(calls)``, given each handler's last arguments, returns
    seconds of the plugin's work done outside its handlers (rendering its template),
    counted in both figures. Handlers are wrapped before Pelican starts, so the
    register() that connects them connects the timed ones."""
    from pelican import Pelican
    from pelican.settings import read_settings

    totals: dict[str, float] = defaultdict(float)
    calls: dict[str, tuple] = {}
    originals = {name: getattr(module, name) for name in handlers}
    for name, function in originals.items():
        setattr(module, name, _timed(function, totals, calls))
    pelican_logger = logging.getLogger("pelican")
    level = pelican_logger.level
    pelican_logger.setLevel(logging.ERROR)
    seconds, shares = [], []
    try:
        for _ in range(repeat):
            totals.clear()
            with tempfile.TemporaryDirectory() as output:
                settings = read_settings(
                    str(project / settings_file),
                    override={
                        "PATH": str(project / "content"),
                        "OUTPUT_PATH": output,
                        **(overrides or {}),
                    },
                )
                start = time.perf_counter()
                Pelican(settings).run()
                total = time.perf_counter() - start
            spent = sum(totals.values()) + (after_build(calls) if after_build else 0.0)
            seconds.append(spent)
            shares.append(spent / total)
    finally:
        for name, function in originals.items():
            setattr(module, name, function)
        pelican_logger.setLevel(level)  # a test calls this in its own process
    return statistics.median(seconds), statistics.median(shares)


def measure_plugin_share(project: Path = ROOT, repeat: int = 3) -> tuple[float, float]:
    """The Bali Process data plugin: (median seconds a build, median share)."""
    return measure_handler_share(project, bali_process, HANDLERS, repeat)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    project = Path(argv[0]) if argv else ROOT
    seconds, share = measure_plugin_share(project)
    print(f"bali_process plugin: {seconds * 1000:.1f} ms a build, {share:.2%} of the build")
    return 0


if __name__ == "__main__":
    sys.exit(main())
