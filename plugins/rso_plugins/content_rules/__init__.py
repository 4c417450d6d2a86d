"""The site's rules for articles and pages, applied by every build and by `invoke check`."""

from .content_rules import register

__all__ = ["register"]
