"""Every feed states its language."""

from .feed_language import register

__all__ = ["register"]
