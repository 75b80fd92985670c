"""The ``NEWSROOM_*`` settings the articles app reads: each one's default and meaning.

One place, so a host site's developer can find every setting, and a misspelt name
fails loudly instead of quietly reading a default. Like django-taggit's settings,
each value is read at the point of use, with its default (``conf.get(name)``):
nothing is cached at import, so ``override_settings`` and pytest-django's
``settings`` fixture take effect. The machinery is ``media.conf``'s, which cannot
import this app.

``python -m articles.conf`` prints README's settings table, the photo app's
settings included.
"""

from media import conf as media_conf
from media.conf import Registry, Setting

REGISTRY = Registry(
    __name__,
    Setting(
        "NEWSROOM_STORIES_PER_PAGE",
        20,
        "Stories per page on section, tag and author pages, and results per page of the "
        "site search.",
    ),
    Setting(
        "NEWSROOM_NUMBERED_PAGES",
        10,
        "How many pages of a listing are numbered (`?page=`). Further back, readers follow "
        '"Older stories" links, which cost the same at any depth of the archive.',
    ),
    Setting(
        "NEWSROOM_SEARCH_PAGES",
        10,
        "How many pages of search results readers can page through (`?page=`); a later "
        "page is a 404, and readers narrow the search instead.",
    ),
    Setting(
        "NEWSROOM_SEARCH_CACHE_SECONDS",
        60,
        "Seconds a search's results are kept, per words, section and page; a publish "
        "retires them sooner. `0` runs every search.",
    ),
    Setting(
        "NEWSROOM_SEARCH_RATE",
        30,
        "Searches one client address may make the site run per minute (answers from the "
        "cache do not count), and a sixth of it (at least 5) in any 10 seconds, so a client "
        "cannot spend its minute at once; beyond either the search page answers 429 with "
        "the seconds to wait. `0` sets no limit.",
    ),
    Setting(
        "NEWSROOM_CLIENT_ADDRESS",
        None,
        "Dotted path to a function of the request that returns the client's address, for "
        "the search rate: behind a proxy every client is the proxy's `REMOTE_ADDR`, the "
        "default, unless this reads the address the proxy forwarded.",
    ),
    Setting(
        "NEWSROOM_MOST_READ_LENGTH",
        5,
        'Stories in a "Most read" list (the last 24 hours), on the home page and a story\'s '
        "page. `0` shows none, and story pages send no read beacon.",
    ),
    Setting(
        "NEWSROOM_MOST_READ_SAMPLE",
        1,
        "One story page in this many sends the read beacon, which counts for as many "
        "reads: on a busy site, `10` or `100` keeps the beacons, which no cache can "
        "answer, a small share of the traffic for lists that rank the same.",
    ),
    Setting(
        "NEWSROOM_MOST_READ_CANDIDATES",
        1000,
        'How many of the newest live stories the "Most read" rollup counts reads of; reads '
        "of older stories are not counted.",
    ),
    Setting(
        "NEWSROOM_BREADCRUMBS",
        True,
        "Whether story and section pages show Newsroom's breadcrumb trail (Home › News › "
        "Turkey) above the headline. `False` when your `base.html` shows a breadcrumb of its "
        "own.",
    ),
    Setting(
        "NEWSROOM_SECTION_ROLES",
        False,
        "Whether each new section gets its own contributor and editor groups and a "
        "moderation workflow approved by its editors (`articles.roles`). Run "
        "`manage.py newsroom_roles` once for the sections and site-wide groups made before.",
    ),
    Setting(
        "NEWSROOM_FEED_ITEMS",
        50,
        "Stories listed in each RSS and Atom feed, newest first.",
    ),
    Setting(
        "NEWSROOM_CACHE_TIMEOUT",
        3600,
        "Seconds that reader pages, page fragments and routes are kept in Django's cache, "
        "and the `s-maxage` sent with cached reader pages. A publish retires them sooner.",
    ),
    Setting(
        "NEWSROOM_READER_CACHE",
        True,
        "Whether `articles.middleware.ReaderCacheMiddleware`, if in `MIDDLEWARE`, serves "
        "anonymous readers' pages from the cache. `False` renders every request (fragments "
        "and routes stay cached) and marks none of them public.",
    ),
    Setting(
        "NEWSROOM_BROWSER_MAX_AGE",
        60,
        "Seconds a browser may reuse a reader page (`max-age`) that the reader cache stored.",
    ),
    Setting(
        "NEWSROOM_NINJS_MAX_UPLOAD_SIZE",
        200 * 1024 * 1024,
        "Bytes (200 MiB) one wire copy import may hold, the unpacked contents of zips "
        "included. Your web server's own request size limit applies first.",
    ),
    Setting(
        "NEWSROOM_NINJS_MAX_UPLOAD_FILES",
        1000,
        "Files one wire copy import may hold, each file in a zip counted. Django's "
        "`DATA_UPLOAD_MAX_NUMBER_FILES` (default 100) limits the files sent unzipped.",
    ),
    Setting(
        "NEWSROOM_NINJS_MAX_DOCUMENT_SIZE",
        10 * 1024 * 1024,
        "Bytes (10 MiB) one ninjs .json file may have, from the admin or `import_ninjs`; "
        "a larger file is rejected without being parsed.",
    ),
    Setting(
        "NEWSROOM_PURGE_RETRY_DELAY",
        30,
        "Seconds before `newsroom_scheduler` sends a failed front-end cache purge again; "
        "the wait doubles with each further failure.",
    ),
    Setting(
        "NEWSROOM_PURGE_RETRY_MAX_DELAY",
        1800,
        "The longest wait, in seconds, between two tries of a failed purge.",
    ),
    Setting(
        "NEWSROOM_PURGE_MAX_ATTEMPTS",
        10,
        "Failed tries of a purge, the first included, after which it is dropped with an "
        "error in the log; the front-end cache may then serve the old page until its "
        "`s-maxage` runs out.",
    ),
)
SETTINGS = REGISTRY.settings
get = REGISTRY.get


def markdown_table():
    """README's settings table: this app's settings and the photo app's."""
    return media_conf.markdown_table(REGISTRY, media_conf.REGISTRY)


if __name__ == "__main__":
    print(markdown_table(), end="")
