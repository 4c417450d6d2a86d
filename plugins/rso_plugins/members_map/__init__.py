"""The members page's world map, drawn from the Bali Process data file at build time."""

from .members_map import register

__all__ = ["register"]
