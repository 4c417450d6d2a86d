"""Keep Pelican's content cache from outliving the inputs it was built from."""

from .content_cache_guard import register
from .fingerprint import build_fingerprint

__all__ = ["build_fingerprint", "register"]
