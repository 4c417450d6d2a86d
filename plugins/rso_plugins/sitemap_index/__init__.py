"""Turn a sitemap too big for one file into numbered sitemaps and a sitemap index."""

from .sitemap_index import register
from .split import split_sitemap

__all__ = ["register", "split_sitemap"]
