"""A picture for every page when a link to it is shared: a lead photo's crop, or a card
drawn from the page's title."""

from .share_cards import register

__all__ = ["register"]
