"""How every command ends when something goes wrong: one message, a non-zero exit.

Editors are the users of these messages. A failure says what is wrong and what to do;
Python's traceback, which says where in our code it happened, is for developers and
printed only with ``--debug``.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

from sitetools.failures import EditorFailure

DEBUG_HELP = "also print Python's details (the traceback) when something fails"


@contextmanager
def editor_errors(debug: bool, failure: str = "") -> Iterator[None]:
    """Any failure ends the command with its message and a non-zero exit, never a
    traceback unless ``debug`` asks for one."""
    try:
        yield
    except EditorFailure as error:
        if debug:
            traceback.print_exc()
        # A build that printed its own closing line has nothing more to say.
        sys.exit(f"{failure}{error}" if str(error) else 1)
    except Exception as error:
        if debug:
            raise
        sys.exit(
            f"{failure}{type(error).__name__}: {error}\n"
            "Run the command again with --debug to see where it happened."
        )
