"""Pelican settings for publishing: absolute URLs, a clean output folder, no drafts.

Set SITEURL in the environment to publish somewhere other than the default address.
"""

import os
from pathlib import Path

from pelican.settings import get_settings_from_file

# Everything pelicanconf.py sets, read from beside this file (no sys.path edit needed).
globals().update(get_settings_from_file(str(Path(__file__).with_name("pelicanconf.py"))))

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
# Shared links show a picture of the page (plugins/share_cards).
SHARE_CARDS = True
