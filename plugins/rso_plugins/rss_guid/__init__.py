"""Make Pelican's RSS items carry permalink guids, as feed validators require."""

from .rss_guid import register

__all__ = ["register"]
