"""News dated in the future waits: it is published on its date, previewed before."""

from .scheduled_news import register

__all__ = ["register"]
