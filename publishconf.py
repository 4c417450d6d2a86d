"""Pelican settings for publishing: absolute URLs, a clean output folder, no drafts.

Set SITEURL in the environment to publish somewhere other than the default address.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

# The public address; GitHub Pages serves the site here unless SITEURL says otherwise.
DEFAULT_SITEURL = "https://rso-baliprocess.github.io"
SITEURL = os.environ.get("SITEURL", DEFAULT_SITEURL).rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
# Drafts are for preview only: never write them where a publish could pick them up.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
# Publish from scratch: no content cache is read or written (see pelicanconf.py).
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
# The published site, and `invoke preview`, carry the search index.
SEARCH_INDEX = True
