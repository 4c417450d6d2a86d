"""Date the sitemap from the content, so the same content gives the same sitemap."""

from .sitemap_dates import register

__all__ = ["register"]
