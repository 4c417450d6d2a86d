"""Link each news article to the next newer and older one."""

from .neighbours import register

__all__ = ["register"]
