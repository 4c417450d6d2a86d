"""Pelican settings for building and previewing the RSO site on your own machine.

publishconf.py imports everything here and changes only what publishing needs.
Dates, timezone and locale are fixed so every machine builds the same bytes.
"""

AUTHOR = "Regional Support Office of the Bali Process"
SITENAME = "Regional Support Office of the Bali Process"
SITE_SHORTNAME = "RSO"
SITESUBTITLE = "News and information from the Regional Support Office of the Bali Process, Bangkok"
SITEURL = ""
RELATIVE_URLS = True

PATH = "content"
THEME = "theme"
OUTPUT_PATH = "output"
TIMEZONE = "Asia/Bangkok"
DEFAULT_LANG = "en"
LOCALE = ("C.UTF-8", "C")
# "Friday, 4 December 2015", as the original site wrote dates.
DEFAULT_DATE_FORMAT = "%A, %-d %B %Y"
DEFAULT_DATE = None

FUNDERS = ("Japan", "New Zealand", "Australia")

# Content layout: articles in content/news, pages in content/pages; the data file and
# static files are not articles.
ARTICLE_PATHS = ["news"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["static"]
# robots.txt is a template so that it can name the sitemap by its full address.
TEMPLATE_PAGES = {"extra/robots.txt": "robots.txt"}
IGNORE_FILES = [".#*", "*~", "*.swp"]
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "News"
# The categories editors may use; `invoke check` enforces them.
ALLOWED_CATEGORIES = ("News", "Events", "Newsletters")
# The summary `invoke new` writes; a published article must replace it.
PLACEHOLDER_SUMMARY = "One or two sentences that say what this news is about."

# URLs: readable and stable, one folder per page, so links survive a change of host.
ARTICLE_URL = "news/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = DRAFT_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_URL + "index.html"
INDEX_SAVE_AS = "news/index.html"
INDEX_URL = "news/"
CATEGORY_URL = "news/category/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_URL = "news/categories/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
TAG_URL = "news/tag/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "news/tags/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
ARCHIVES_URL = "news/archive/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
YEAR_ARCHIVE_URL = "news/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "categories", "tags", "archives"]
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
SLUGIFY_SOURCE = "basename"
HOME_LATEST_NEWS = 5

# Feeds: Atom and RSS for all news and for each category.
# Feeds need a full address; a local preview is served from here.
FEED_DOMAIN = "http://localhost:8000"
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/{slug}.rss.xml"
FEED_ATOM = None
FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
# The newest 50 articles: feed readers want what is new, and a feed of every article
# ever would grow without end for readers on slow connections (the archive has the rest).
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = True

# Our plugins are the rso_plugins package (plugins/rso_plugins/, installed by
# scripts/setup), named in full; "sitemap" is the installed pelican-sitemap.
# Listing plugins switches off auto-discovery, so installed ones are named too.
# content_problems first: it collects editors' mistakes from every other plugin and
# stops the build before anything is written; content_rules holds the site's rules for
# articles and pages; scheduled_news holds back articles dated after today.
PLUGINS = [
    "rso_plugins.content_problems",
    "rso_plugins.content_rules",
    "rso_plugins.scheduled_news",
    "rso_plugins.bali_process",
    "rso_plugins.neighbours",
    "rso_plugins.rss_guid",
    "sitemap",
    "rso_plugins.sitemap_dates",
]
# search_index runs Pagefind over output/ when the build ends (output/pagefind/), so the
# search page works on any static host with nothing third-party.
PLUGINS += ["rso_plugins.search_index"]
# Previews skip the index to rebuild fast; publishconf.py turns it on.
SEARCH_INDEX = False
# build_speed (its docstring says how): Markdown converted on every core with one reused
# parser, a content cache that never outlives its inputs, and development rebuilds that
# leave unchanged article pages alone. BUILD_SPEED = False builds the same bytes slowly.
PLUGINS += ["rso_plugins.build_speed"]
# sitemap_index turns sitemap.xml into a sitemap index of sitemap-1.xml, sitemap-2.xml,
# ... once it would list more URLs than one sitemap may (the protocol's 50,000).
PLUGINS += ["rso_plugins.sitemap_index"]
# events: content/events as pages, an events list, calendars (.ics) and feeds of events;
# news names the event it reports on with an Event: line (README, "Events").
PLUGINS += ["rso_plugins.events"]
# publications: the documents library (content/publications/*.md beside their PDFs), the
# information sheets printed as tagged PDFs, and the publications feeds. feed_language
# makes every feed state DEFAULT_LANG.
PLUGINS += ["rso_plugins.publications", "rso_plugins.feed_language"]
# feed_titles titles every feed by what it carries ("all news", "news filed under
# Events", "upcoming and past events"), and the links that offer a feed say the same.
PLUGINS += ["rso_plugins.feed_titles"]
SITEMAP_MAX_URLS = 50_000
# photos (issue 13) publishes every photo in articles and pages as WebP and JPEG/PNG
# copies 480, 960 and 1600 px wide (cached in cache/photos by their bytes), upright and
# without metadata, and stops the build on a photo without alt text or a bad file.
PLUGINS += ["rso_plugins.photos"]
# share_cards (issue 23): the picture a shared link shows, 1200 x 630: an article's
# lead photo cropped, else the page's title drawn in the site's colours (cached in
# cache/share-cards by what is drawn). Previews leave them out, like the search index;
# publishconf.py turns them on. Which pages cannot have their own card is said always.
PLUGINS += ["rso_plugins.share_cards"]
SHARE_CARDS = False
# members_map (issue 21): the members page's world map, coloured from the data file.
PLUGINS += ["rso_plugins.members_map"]
BALI_PROCESS_DATA = "data/bali-process.yaml"
SITEMAP = {
    "format": "xml",
    # Only HTML pages belong in a sitemap.
    "exclude": [r"^robots\.txt$"],
    "changefreqs": {"articles": "yearly", "pages": "monthly", "indexes": "weekly"},
}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.smarty": {},
        # Table alignment as classes, not style attributes (rso_plugins/table_classes).
        "rso_plugins.table_classes": {},
        # An image without alt text is reported by rso_plugins/photos with file and line.
        "rso_plugins.photos.alt_text": {},
    },
    "output_format": "html5",
}
# Templates escape what they print unless told it is HTML, so text from the data
# file can never become markup. Every build makes its own template environment, so
# templates need not be checked for changes while it runs (auto_reload would look at
# each included file's time again for every page: 18,000 times in 1,500 pages).
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "auto_reload": False,
}

TYPOGRIFY = False
# Development builds keep what Markdown produced in cache/ and re-read only the files
# whose bytes changed (sha256; mtimes lie after a checkout). build_speed gives every
# state of the settings, plugin code and CONTENT_CACHE_INPUTS (data files that plugins
# write into content, relative to PATH) its own cache, so none is ever stale.
# publishconf.py turns caching off: a publish always reads everything.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "sha256"
# The cache stays on this machine: compressing it costs time on every build, saves
# only disk.
GZIP_CACHE = False
CONTENT_CACHE_INPUTS = [BALI_PROCESS_DATA]
# browser_editor (issue 22): the editor at /admin/ (Sveltia CMS from node_modules), its
# forms generated from the plugins' own rules. It edits BROWSER_EDITOR_REPO on GitHub
# (branch main) once signed in; `invoke edit` edits this working copy instead.
PLUGINS += ["rso_plugins.browser_editor"]
BROWSER_EDITOR_REPO = "rso-baliprocess/rso-baliprocess.github.io"
