"""Give each RSS item its article URL as a permalink ``guid``.

Pelican writes a tag URI as the RSS ``guid`` without ``isPermaLink="false"``, which
RSS 2.0 reads as a claim that the tag URI is a web address; the W3C feed validator
rejects it. The article URL is stable and unique, so it becomes the guid and is marked
a permalink. Atom feeds keep their tag URIs, which Atom allows.
"""

from __future__ import annotations

from feedgenerator import Rss201rev2Feed
from pelican import signals


def use_links_as_guids(context, feed) -> None:
    """Replace each RSS item's tag-URI guid with its permalink."""
    if not isinstance(feed, Rss201rev2Feed):
        return
    for item in feed.items:
        item["unique_id"] = item["link"]
        item["unique_id_is_permalink"] = True


def register() -> None:
    signals.feed_generated.connect(use_links_as_guids)
