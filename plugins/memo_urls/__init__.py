"""Work out each article's and page's URL once per build instead of on every link."""

from .memo_urls import register

__all__ = ["register"]
