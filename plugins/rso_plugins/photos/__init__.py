"""Photos in articles and pages: resized, upright, without metadata, checked for alt text."""

from .photos import register

__all__ = ["register"]
