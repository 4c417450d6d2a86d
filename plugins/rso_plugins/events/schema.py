"""schema.org Event data for an event page, so search engines read dates and place."""

from __future__ import annotations

from typing import Any

from .fields import EventFields

EVENT_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "postponed": "https://schema.org/EventPostponed",
    "cancelled": "https://schema.org/EventCancelled",
    "moved online": "https://schema.org/EventMovedOnline",
}
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
ONLINE = "https://schema.org/OnlineEventAttendanceMode"


def _moment(value) -> str:
    return value.isoformat()


def _location(fields: EventFields, page_url: str) -> dict[str, Any]:
    place = fields.place
    if place.online or fields.status == "moved online":
        return {"@type": "VirtualLocation", "url": fields.link or page_url}
    address = {"@type": "PostalAddress"}
    if place.city:
        address["addressLocality"] = place.city
    if place.country:
        address["addressCountry"] = place.country
    return {"@type": "Place", "name": place.venue or place.text, "address": address}


def event_json_ld(
    title: str, description: str, page_url: str, fields: EventFields
) -> dict[str, Any]:
    """The JSON-LD object of one event (dates: the last day for all-day events)."""
    online = fields.place.online or fields.status == "moved online"
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": title,
        "description": description,
        "url": page_url,
        "startDate": _moment(fields.start),
        "endDate": _moment(fields.end),
        "eventStatus": EVENT_STATUS[fields.status],
        "eventAttendanceMode": ONLINE if online else OFFLINE,
        "location": _location(fields, page_url),
    }
