"""Every feed's title says what it carries, and so does every link that offers one."""

from .feed_titles import register

__all__ = ["register"]
