"""Write a deterministic synthetic news archive for the build benchmark.

The articles look like content/news/*: the same metadata, about 600 words of Markdown
with headings, lists, a table, external links, an internal ``{filename}`` link and a
Bali Process figure placeholder, so the benchmark exercises what real news exercises.
The same seed and count always give the same bytes, so two runs compare like with like.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path

DEFAULT_SEED = 2002
FIRST_DATE = datetime.date(2003, 1, 6)
CATEGORIES = ("News", "Events", "Newsletters")
TAGS = (
    "people smuggling",
    "trafficking in persons",
    "irregular migration",
    "border management",
    "ministerial conference",
    "ad hoc group",
    "co-chairs",
    "capacity building",
    "workshop",
    "training",
    "data sharing",
    "biometrics",
    "returns and reintegration",
    "labour migration",
    "refugee protection",
    "victim support",
    "legal frameworks",
    "regional cooperation framework",
    "policy dialogue",
    "civil society",
    "private sector",
    "forced labour",
    "document fraud",
    "maritime",
    "newsletter",
)
PLACES = (
    "Bangkok",
    "Jakarta",
    "Bali",
    "Canberra",
    "Colombo",
    "Kuala Lumpur",
    "Manila",
    "Wellington",
    "Dhaka",
    "Hanoi",
    "Phnom Penh",
    "Suva",
)
SUBJECTS = (
    "workshop on",
    "regional dialogue on",
    "training course in",
    "senior officials meeting on",
    "technical experts group on",
    "policy roundtable on",
    "study visit on",
    "practitioner exchange on",
)
TOPICS = (
    "identity management",
    "victim identification",
    "migrant smuggling investigations",
    "labour migration governance",
    "protection-sensitive screening",
    "financial investigations",
    "disembarkation procedures",
    "return and reintegration",
    "document examination",
    "information sharing",
    "child protection",
    "supply chain transparency",
)
# The vocabulary of the synthetic prose: words that real RSO news uses.
PROSE = (
    "the regional support office worked with member states and international "
    "organisations to strengthen practical cooperation across asia and the pacific "
    "officials from border agencies police prosecutors and social services shared "
    "experience of cases policies and tools that help protect people on the move "
    "participants discussed gaps in legislation data and coordination and agreed on "
    "next steps that each government could take within its own system the meeting "
    "built on earlier work of the ad hoc group and the working groups and drew on "
    "guidance developed with partners over several years delegations welcomed the "
    "voluntary and non-binding nature of the process which allows frank exchange "
    "trainers from the region led sessions on interviewing screening referral case "
    "management and the rights of victims and asylum seekers a follow-up survey will "
    "measure how the lessons are used in daily work and report back to the co-chairs"
)
WORDS = tuple(PROSE.split())


def _sentence(rng: random.Random, low: int = 12, high: int = 22) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _article_date(index: int) -> datetime.date:
    """Spread articles over the years, about one every nine days, oldest first."""
    return FIRST_DATE + datetime.timedelta(days=index * 9 % 7300 + index // 811)


def article_path(index: int) -> str:
    """The article's path inside content/, like content/news/2015/2015-12-04-slug.md."""
    date = _article_date(index)
    return f"news/{date:%Y}/{date.isoformat()}-synthetic-news-{index:05d}.md"


def article_text(index: int, seed: int = DEFAULT_SEED) -> str:
    """The Markdown source of synthetic article ``index``; always the same for a seed."""
    rng = random.Random(seed * 1_000_003 + index)
    date = _article_date(index)
    place = rng.choice(PLACES)
    topic = rng.choice(TOPICS)
    title = f"Regional {rng.choice(SUBJECTS)} {topic} held in {place}"
    tags = ", ".join(sorted(rng.sample(TAGS, rng.randint(2, 4))))
    summary = f"{_sentence(rng, 16, 24)[:-1]}, in {place} on {date.day} {date:%B %Y}."
    lines = [
        f"Title: {title}",
        f"Date: {date.isoformat()} {rng.randint(8, 17):02d}:{rng.choice((0, 15, 30, 45)):02d}",
        f"Category: {rng.choice(CATEGORIES)}",
        f"Tags: {tags}",
        f"Slug: synthetic-news-{index:05d}",
        f"Summary: {summary}",
        "",
        _paragraph(rng, 4),
        "",
        "## Background",
        "",
        _paragraph(rng, 5),
        'The office\'s director called the meeting "a practical step for the region".',
        f"The Bali Process now has {{members}} members and {{observers}} observers "
        f"(figures as of {{as_of}}). More is on the "
        f"[Bali Process website](https://www.baliprocess.net/{topic.replace(' ', '-')}/).",
        "",
        "## What was discussed",
        "",
        _paragraph(rng, 4),
        "",
    ]
    lines += [f"- {_sentence(rng, 6, 12)}" for _ in range(rng.randint(3, 5))]
    lines.append(f"- Each member's {topic} focal point reports back within three months.")
    lines += ["", "### Agreed next steps", ""]
    lines += [f"{n}. {_sentence(rng, 8, 14)}" for n in range(1, rng.randint(4, 6))]
    lines += [
        "",
        "## In numbers",
        "",
        "| Measure | Result |",
        "|---|---:|",
    ]
    for measure in ("Countries represented", "Participants", "Sessions", "Case studies"):
        lines.append(f"| {measure} | {rng.randint(3, 120)} |")
    lines += ["", _paragraph(rng, 5), ""]
    if index > 0:
        lines += [
            "## Related news",
            "",
            f"This follows [earlier news]({{filename}}/{article_path(index - 1)}) "
            f"and the *{place} statement* on **{topic}**. Contact the RSO at "
            "[info@rso.example](mailto:info@rso.example) for the full report.",
            "",
        ]
    lines += [_paragraph(rng, 6), ""]
    return "\n".join(lines)


def write_corpus(content: Path, count: int, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write ``count`` synthetic articles under ``content``; return their paths."""
    paths = []
    for index in range(count):
        path = content / article_path(index)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_text(index, seed), encoding="utf-8")
        paths.append(path)
    return paths
