"""Full-text search: a Pagefind index of the built site, written when SEARCH_INDEX is on.

Publish builds and `invoke preview` turn it on; development builds leave it off.
"""

from .pagefind_bundle import BUNDLE_DIR, SearchIndexFailed, write_bundle
from .search_index import register

__all__ = ["BUNDLE_DIR", "SearchIndexFailed", "register", "write_bundle"]
