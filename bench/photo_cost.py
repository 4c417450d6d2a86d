"""Benchmark what photos cost a build: the synthetic news with and without 200 photos.

    python -m bench.photo_cost [--articles 1000] [--photos 200] [--runs 3]

Writes the synthetic corpus once and lays out two copies of our project: one as it is,
one where every fifth article (up to ``--photos``) shows a 4000x3000 camera-sized JPEG
attached beside it. Cold builds (output, content cache and photo cache removed) of the
two alternate so both see the same machine load; then each gets warm development
rebuilds after one article changes, its photo cache kept. Prints the medians and the
ratios photos/no photos for cold and warm builds (issue 13's target: warm at most
1.05x).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

from bench.build_speed import touch_article
from bench.corpus import article_path, write_corpus
from bench.measure import Sample, Summary, run_build
from bench.projects import make_ours, our_command

PHOTO_SIZE = (4000, 3000)
EVERY_NTH_ARTICLE = 5
WARM_TARGET = 1.05


def camera_like_base(size: tuple[int, int] = PHOTO_SIZE) -> Image.Image:
    """Smooth gradients with sensor-like noise: compresses like a photo, not like a flat
    colour (too easy) or pure noise (too hard)."""
    red = Image.linear_gradient("L").resize(size)
    green = Image.radial_gradient("L").resize(size)
    noise = Image.effect_noise(size, 24)
    blue = Image.blend(Image.linear_gradient("L").rotate(90).resize(size), noise, 0.5)
    return Image.merge("RGB", (red, Image.blend(green, noise, 0.3), blue))


def photo_bytes(base: Image.Image, index: int) -> bytes:
    """Photo ``index``: the base with a mark of its own, so each has distinct bytes."""
    image = base.copy()
    w, h = base.width // 6, base.height // 6
    x = (index * 173) % (base.width - w)
    y = (index * 97) % (base.height - h)
    colour = ((index * 53) % 256, (index * 29) % 256, (index * 11) % 256)
    ImageDraw.Draw(image).rectangle((x, y, x + w, y + h), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def add_photos(
    project: Path, articles: int, photos: int, size: tuple[int, int] = PHOTO_SIZE
) -> int:
    """Attach a photo to every fifth article of ``project``; return how many were added."""
    base = camera_like_base(size)
    added = 0
    for index in range(0, articles, EVERY_NTH_ARTICLE):
        if added == photos:
            break
        article = project / "content" / article_path(index)
        name = f"photo-{index:05d}.jpg"
        (article.parent / name).write_bytes(photo_bytes(base, index))
        with article.open("a", encoding="utf-8") as handle:
            handle.write(f"\n![Participants at meeting {index}]({{attach}}{name})\n")
        added += 1
    return added


def clear(project: Path) -> None:
    """Remove output, the content cache and the photo cache: the next build is cold."""
    for name in ("output", "cache"):
        shutil.rmtree(project / name, ignore_errors=True)
    os.sync()


def measure(
    workdir: Path, articles: int, photos: int, runs: int, size: tuple[int, int] = PHOTO_SIZE
) -> dict[str, Summary]:
    write_corpus(workdir / "corpus", articles)
    news = workdir / "corpus" / "news"
    plain = make_ours(workdir / "plain", news)
    with_photos = make_ours(workdir / "photos", news)
    added = add_photos(with_photos, articles, photos, size)
    print(f"{articles} articles, {added} photos of {size[0]}x{size[1]} px")
    samples: dict[str, list[Sample]] = {key: [] for key in ("cold", "cold+", "warm", "warm+")}
    for _ in range(runs):
        for key, project in (("cold", plain), ("cold+", with_photos)):
            clear(project)
            samples[key].append(run_build(our_command(project), project))
    # Each project now has a development build and its caches: rebuild after an edit.
    for run in range(runs):
        for key, project in (("warm", plain), ("warm+", with_photos)):
            touch_article(project, (run * 7919) % articles, run)
            os.sync()
            samples[key].append(run_build(our_command(project), project))
    labels = {
        "cold": "cold, no photos",
        "cold+": "cold, with photos",
        "warm": "warm, no photos",
        "warm+": "warm, with photos",
    }
    return {key: Summary.of(labels[key], values) for key, values in samples.items()}


def print_results(results: dict[str, Summary], out=sys.stdout) -> None:
    for summary in results.values():
        print(
            f"  {summary.label:<20} wall {summary.seconds:7.2f} s   "
            f"cpu {summary.cpu_seconds:7.2f} s   ({summary.runs} runs, median)",
            file=out,
        )
    cold = results["cold+"].seconds / results["cold"].seconds
    warm = results["warm+"].seconds / results["warm"].seconds
    added_cold = results["cold+"].seconds - results["cold"].seconds
    added_warm = results["warm+"].seconds - results["warm"].seconds
    print(f"  photos add, cold build: {added_cold:+.2f} s ({cold:.2f}x)", file=out)
    verdict = "met" if warm <= WARM_TARGET else "NOT met"
    print(
        f"  photos add, warm rebuild: {added_warm:+.2f} s ({warm:.2f}x; "
        f"target <= {WARM_TARGET:.2f}x: {verdict})",
        file=out,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="synthetic articles")
    parser.add_argument("--photos", type=int, default=200, help="4000x3000 photos")
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind")
    parser.add_argument("--workdir", type=Path, help="keep the projects here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rso-photo-bench-") as scratch:
        base = args.workdir or Path(scratch)
        base.mkdir(parents=True, exist_ok=True)
        print_results(measure(base, args.articles, args.photos, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
