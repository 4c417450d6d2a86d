"""In development builds, leave article pages alone when nothing they show has changed."""

from .article_writer import register

__all__ = ["register"]
