"""Read Markdown with one reused parser instead of a new one for every file."""

from .fast_markdown import register
from .reader import ReusingMarkdownReader

__all__ = ["ReusingMarkdownReader", "register"]
