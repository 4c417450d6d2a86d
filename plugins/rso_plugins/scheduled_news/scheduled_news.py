"""News dated in the future waits: published on its date, shown only in previews before.

An editor can prepare an article and date it for the day it should go live; a typo in
the year must not put it at the top of the news for years. Once Pelican has read the
articles (``article_generator_pretaxonomy``, before categories, tags, archives, feeds
and the sitemap are worked out), every article dated after the build's "now"
(``site_clock``: SOURCE_DATE_EPOCH when set, in the site's timezone) is taken out of the
published articles and treated as a draft: a publish build writes it nowhere
(publishconf.py sets DRAFT_SAVE_AS to ""), and a preview shows it under /drafts/ marked
as scheduled. The daily automatic publish puts it live on its date.

The article Pelican read is left untouched (a copy becomes the draft), because Pelican
caches the objects it read: the same file must be published by the build on its date.
The copy takes the article's place among the content Pelican links to, so a
``{filename}`` link to a scheduled article leads to its preview in a preview build.
(content_rules says what a link to it means for a publish before its date.)
"""

from __future__ import annotations

import copy
import datetime
import logging

from pelican import signals

from rso_plugins.content_problems import find_field_line, report_notice
from rso_plugins.site_clock import build_now

logger = logging.getLogger(__name__)

# A date further ahead than this is more likely a typo than a plan.
LIKELY_TYPO_AFTER = datetime.timedelta(days=365)


def scheduled_when(article) -> str:
    """When ``article`` goes live, as messages say it: "Monday, 1 June 2020"."""
    return article.date.strftime("%A, %-d %B %Y %H:%M").removesuffix(" 00:00")


def as_scheduled(article):
    """A draft copy of ``article``, marked as scheduled for its date."""
    draft = copy.copy(article)
    draft.status = "draft"
    draft.scheduled = True
    draft.scheduled_for = scheduled_when(article)
    return draft


def hold_back_future_articles(generator) -> None:
    """Move articles dated after the build's now from the published ones to the drafts."""
    now = build_now(generator.settings)
    published, scheduled = [], []
    for article in generator.articles:
        (scheduled if article.date > now else published).append(article)
    if not scheduled:
        return
    drafts = [as_scheduled(article) for article in scheduled]
    generator.articles = published
    generator.drafts = [*generator.drafts, *drafts]
    linked = generator.context["generated_content"]
    for draft in drafts:
        linked[draft.get_relative_source_path()] = draft
    for article in scheduled:
        line = find_field_line(article.source_path, "date")
        report_notice(
            article.source_path,
            line,
            f"scheduled: published on {scheduled_when(article)} "
            f"({generator.settings['TIMEZONE']} time)",
        )
        if article.date - now > LIKELY_TYPO_AFTER:
            report_notice(
                article.source_path,
                line,
                "the date is more than a year ahead; check the year for a typo",
            )


def register() -> None:
    signals.article_generator_pretaxonomy.connect(hold_back_future_articles)
