"""The build's "now", for everything that depends on the date (scheduled news, upcoming events).

Time is an input of the build: with ``SOURCE_DATE_EPOCH`` set (seconds since 1970, the
reproducible-builds convention), the same content and the same epoch give the same bytes,
and a test can build "as of" any day. Without it, the clock is read. Either way the date
is taken in the site's TIMEZONE (Asia/Bangkok, where the RSO sits), so an article dated
today goes live at midnight in Bangkok, not in UTC.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from rso_plugins.content_problems import EditorError

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"


class BadSourceDateEpoch(EditorError):
    """SOURCE_DATE_EPOCH is set but is not a whole number of seconds."""


def build_now(settings: Mapping[str, Any], environ: Mapping[str, str] | None = None):
    """The moment the build is for, as an aware datetime in the site's timezone."""
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    raw = (os.environ if environ is None else environ).get(EPOCH_VARIABLE, "").strip()
    if not raw:
        return datetime.datetime.now(zone)
    try:
        seconds = int(raw)
    except ValueError:
        raise BadSourceDateEpoch(
            f"{EPOCH_VARIABLE}={raw!r} is not a whole number of seconds since 1970; "
            f"unset it, or set it with: export {EPOCH_VARIABLE}=$(date +%s)"
        ) from None
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC).astimezone(zone)


def build_today(settings: Mapping[str, Any], environ: Mapping[str, str] | None = None):
    """The build's date where the office is."""
    return build_now(settings, environ).date()
