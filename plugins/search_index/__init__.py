"""Full-text search: a Pagefind index of the built site, written with every build."""

from .pagefind_bundle import BUNDLE_DIR, SearchIndexFailed, write_bundle
from .search_index import register

__all__ = ["BUNDLE_DIR", "SearchIndexFailed", "register", "write_bundle"]
