"""Run Pelican for this project so that editors read one line per mistake, never a traceback.

``python -m sitetools.pelican_runner`` takes Pelican's own arguments. It differs from
``python -m pelican`` only in how a failed build ends:

- mistakes in the content (reported by our plugins, see ``content_problems``) are
  printed one a line, ``file:line: what is wrong; what to do``, then one closing line,
  and the exit status is CONTENT_PROBLEMS_EXIT (2), not 1;
- any other error is one line that says what stopped the build;
- with ``--debug`` (Pelican's own flag) the Python traceback is printed as well.

With ``--check-report FILE`` (used by `invoke check`) the build reads everything,
writes the problems and notices it found to FILE as JSON, and writes no page.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import sys
import threading
import traceback
from pathlib import Path

from pelican import LOG_HANDLERS, get_instance, parse_arguments
from pelican import main as pelican_main
from pelican.log import init as init_logging

from rso_plugins.content_problems import CheckFinished, ContentProblems, EditorError
from sitetools.build import CONTENT_PROBLEMS_EXIT

CHECK_REPORT_OPTION = "--check-report"
# Pelican's fatal-warnings mode raises this after logging the warning that stopped it.
FATAL_WARNING = "Warning or error encountered"


def _take_option(argv: list[str], name: str) -> str | None:
    if name not in argv:
        return None
    index = argv.index(name)
    value = argv[index + 1]
    del argv[index : index + 2]
    return value


def _write_report(path: str, problems: list[str], notices: list[str] = ()) -> None:
    report = {"problems": list(problems), "notices": list(notices)}
    Path(path).write_text(json.dumps(report, indent=1), encoding="utf-8")


class _Warnings(logging.Handler):
    """Pelican's warnings, which a strict build stops on: `invoke check` lists them as
    problems too (our plugins' problems carry file and line; Pelican's own say what
    they say)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _say(*lines: str) -> None:
    print(*lines, sep="\n", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Build as Pelican would; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    report = _take_option(argv, CHECK_REPORT_OPTION)
    args = parse_arguments(argv)
    if args.autoreload or args.listen:
        # Pelican's own loop: it reports each failed rebuild and keeps going.
        pelican_main(argv)
        return 0
    debug = args.verbosity == logging.DEBUG
    init_logging(
        level=args.verbosity,
        fatal=args.fatal,
        name="pelican",
        handler=LOG_HANDLERS[args.log_handler],
        logs_dedup_min_level=getattr(logging, args.logs_dedup_min_level),
    )
    warnings = _Warnings()
    if report:
        logging.getLogger().addHandler(warnings)
    try:
        pelican, _settings = get_instance(args)
        pelican.run()
    except Exception as error:
        return _failed(error, debug, report, warnings.messages)
    return 0


def _failed(error: Exception, debug: bool, report: str | None, warnings: list[str]) -> int:
    """Say why the build stopped, as editors can act on it; return the exit status."""
    if isinstance(error, CheckFinished):
        if report:
            problems = [str(p) for p in error.problems] + warnings
            _write_report(report, problems, [str(n) for n in error.notices])
        return 0
    if debug:
        traceback.print_exception(error)
    if isinstance(error, EditorError):
        if report:
            # A mistake that stops the reading (a setting that cannot be used) is the
            # check's finding.
            _write_report(report, str(error).splitlines() + warnings)
            return 0
        if isinstance(error, ContentProblems):
            _say(str(error), f"{len(error.problems)} problem(s) to fix: the site was not built.")
            return CONTENT_PROBLEMS_EXIT
        else:
            _say(str(error), "The site was not built.")
        return 1
    # The command's edge: anything else is one line too.
    if isinstance(error, RuntimeError) and str(error) == FATAL_WARNING:
        _say("The site was not built: the build stops on any warning (see above).")
    else:
        _say(
            f"The site was not built: {type(error).__name__}: {error}",
            "Run the command again with --debug to see where it happened.",
        )
    return 1


def end_process(code: int) -> None:
    """End the build's process with ``code``, without the interpreter's teardown when
    nothing is left running.

    At exit Python frees every object one by one: after a build of a thousand articles
    that takes about a tenth of a second (a tenth of a warm rebuild) and serves nothing,
    as every file the build wrote is closed by then (Pelican and our plugins write
    within ``with``). So when no child process and no other thread is running any more
    (build_speed joins its workers), the logs and standard streams are flushed and the
    process ends at once. Otherwise (or under a profiler or coverage tool, which write
    what they measured at exit) it exits as usual, so nothing is cut short.
    """
    running = multiprocessing.active_children() or threading.active_count() > 1
    # A profiler or coverage tool writes what it measured at exit.
    measured = sys.getprofile() is not None or sys.gettrace() is not None
    if running or measured:
        sys.exit(code)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    end_process(main())
