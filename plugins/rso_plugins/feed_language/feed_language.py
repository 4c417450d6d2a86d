"""State the site's language in every feed: ``xml:lang`` in Atom, ``<language>`` in RSS.

feedgenerator writes both when a feed is given a ``language``, but Pelican's writer
never passes one, so no feed of the site said what language it is in. Every feed,
Pelican's and any a plugin writes through the writer, passes ``feed_generated``; the
language is set there, in one place, from DEFAULT_LANG.
"""

from __future__ import annotations

from pelican import signals


def state_language(context, feed) -> None:
    """Give the feed the site's language unless it already has one."""
    if not feed.feed.get("language"):
        feed.feed["language"] = context.get("DEFAULT_LANG") or "en"


def register() -> None:
    signals.feed_generated.connect(state_language)
