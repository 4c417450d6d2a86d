"""Events: a page per event, an events list, calendars (.ics) and feeds of events."""

from .events import register
from .fields import EventFields, read_fields

__all__ = ["EventFields", "read_fields", "register"]
