"""Draft content for tests that check drafts stay where an editor alone can see them."""

from __future__ import annotations

from pathlib import Path

DRAFT_ARTICLE = """Title: Unpublished meeting notes zebra
Date: 2015-12-10
Category: News
Tags: draft
Slug: unpublished-meeting-notes
Summary: Not for publication yet.
Status: draft

This text must not appear anywhere in the published site.
"""
DRAFT_PAGE = """Title: Unfinished page zebra
Slug: unfinished-page
Summary: Not for publication yet.
Status: draft

Nothing to see.
"""


def add_draft_article(project: Path) -> Path:
    """Put DRAFT_ARTICLE into ``project``'s news; return its source file."""
    source = project / "content" / "news" / "2015" / "2015-12-10-draft.md"
    source.write_text(DRAFT_ARTICLE, encoding="utf-8")
    return source
