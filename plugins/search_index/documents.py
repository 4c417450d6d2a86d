"""Choose the built files a reader can find by searching.

Readers search for a meeting, a country or a newsletter: that is the published articles
and pages. Listings (the news index, categories, tags, archives) only repeat article
summaries, so indexing them would bury the article under copies of its own summary;
hidden pages (the 404 page) and drafts are not content a reader should land on. Pelican
already knows which is which, so the choice is made from its lists, not from paths.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class SearchDocument:
    """One built page to index: its file under the output folder and its address."""

    save_as: str
    url: str


def searchable_documents(generators: Iterable) -> list[SearchDocument]:
    """Every published article and listed page that was written to a file.

    Sorted by file, so the index is built in the same order on every machine.
    """
    documents = set()
    for generator in generators:
        for kind in ("articles", "pages", "translations"):
            for item in getattr(generator, kind, []):
                if item.save_as:
                    documents.add(SearchDocument(save_as=item.save_as, url=item.url))
    return sorted(documents)
