"""Pelican settings for publishing: absolute URLs, a clean output folder, no drafts.

Set SITEURL in the environment to publish somewhere other than the default address.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://rso.baliprocess.net").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
# Drafts are for preview only: never write them where a publish could pick them up.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
