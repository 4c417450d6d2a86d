"""The site's own editor at /admin/: Sveltia CMS, configured from the build's own rules."""

from .browser_editor import register
from .editor_config import editor_settings

__all__ = ["editor_settings", "register"]
