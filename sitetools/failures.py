"""The kind of failure whose message is already written for editors.

Every command ends such a failure with its message alone (sitetools/editor_errors.py);
each part of sitetools that can fail that way derives its own from this one, so the
command's edge knows them all without importing every part.
"""

from __future__ import annotations


class EditorFailure(Exception):
    """A failure that says what is wrong and what to do, in an editor's words."""
