"""Build speed: Markdown on every core, a content cache that never goes stale, and
development rebuilds that leave unchanged article pages alone."""

from .build_speed import register
from .settings import BuildSpeedSettingError, speed_settings

__all__ = ["BuildSpeedSettingError", "register", "speed_settings"]
