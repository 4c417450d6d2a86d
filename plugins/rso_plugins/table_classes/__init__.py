"""Table column alignment as classes, not style attributes (the CSP blocks inline styles)."""

from .table_classes import TableClassesExtension, makeExtension

__all__ = ["TableClassesExtension", "makeExtension"]
