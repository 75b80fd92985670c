"""Pages of story listings that cost the same at any depth of the archive.

Listings are newest first (``-display_order_date, -pk``). The first pages are
numbered, ``?page=2`` … ``?page=10`` (``NEWSROOM_NUMBERED_PAGES``): an OFFSET
that never grows past a few hundred rows. Beyond them, "Older stories" links
to ``?before=<cursor>``, the date and id of the last story shown, and the
database seeks to it in the ``(display_order_date, page_ptr)`` index instead of
counting its way there; "Newer stories" on such a page is ``?after=<cursor>``.
A section's last page costs what its first does, with 1,000 stories or 100,000.
The corrections pages page through notes the same way, on ``(noted_at, id)``.

No listing counts its stories: "Page 3 of 512" would cost a COUNT over the
whole section on every view. A page knows there is another after it by asking
for one story more than it shows.

Anything but a page these links produce (a number past the numbered pages,
a malformed cursor, two of the parameters at once, a page past the end) is a 404.
"""

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import partial

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .. import conf
from ..text import is_tracking_parameter, parse_id

PARAMETERS = ("page", "before", "after")
CURSOR_FORMAT = "%Y%m%dT%H%M%S.%f"
CURSOR = re.compile(r"(\d{8}T\d{6}\.\d{6})_([1-9]\d{0,18})", re.ASCII)
PAGE_NUMBER = re.compile(r"[1-9]\d{0,5}", re.ASCII)


def stories_per_page():
    return conf.get("NEWSROOM_STORIES_PER_PAGE")


def numbered_pages():
    return conf.get("NEWSROOM_NUMBERED_PAGES")


class StoryPage(Sequence):
    """One page of a listing: its stories and the query strings of its neighbours."""

    paginator = None  # no total: see the module docstring

    def __init__(
        self,
        stories,
        *,
        number=None,
        query="",
        previous_query=None,
        next_query=None,
        date_attr="published_at",
    ):
        self.object_list = stories
        self.date_attr = date_attr
        self.number = number
        self.query = query
        self.previous_query = previous_query
        self.next_query = next_query

    def __len__(self):
        return len(self.object_list)

    def __getitem__(self, index):
        return self.object_list[index]

    def has_previous(self):
        return self.previous_query is not None

    def has_next(self):
        return self.next_query is not None

    def has_other_pages(self):
        return self.has_previous() or self.has_next()

    @property
    def newest_date(self):
        return getattr(self.object_list[0], self.date_attr) if self.object_list else None

    @property
    def oldest_date(self):
        return getattr(self.object_list[-1], self.date_attr) if self.object_list else None


def format_cursor(story, date_field="display_order_date"):
    # A story without a date (never published, yet live) sorts as the oldest.
    date = getattr(story, date_field) or datetime(1, 1, 1, tzinfo=UTC)
    if timezone.is_aware(date):
        date = date.astimezone(UTC)
    return f"{date.year:04d}{date:%m%dT%H%M%S.%f}_{story.pk}"


def parse_cursor(value):
    match = CURSOR.fullmatch(value)
    if match is None:
        raise Http404(_("Not a listing cursor"))
    try:
        date = datetime.strptime(match[1], CURSOR_FORMAT)
    except ValueError as error:
        raise Http404(_("Not a listing cursor")) from error
    pk = parse_id(match[2])
    if pk is None:
        raise Http404(_("Not a listing cursor"))
    if settings.USE_TZ:
        date = date.replace(tzinfo=UTC)
    return date, pk


def older_than(stories, date, pk, date_field="display_order_date"):
    # The first condition alone bounds the index scan; the second breaks ties.
    return stories.filter(**{f"{date_field}__lte": date}).filter(
        Q(**{f"{date_field}__lt": date}) | Q(pk__lt=pk)
    )


def newer_than(stories, date, pk, date_field="display_order_date"):
    return stories.filter(**{f"{date_field}__gte": date}).filter(
        Q(**{f"{date_field}__gt": date}) | Q(pk__gt=pk)
    )


class ListingRequest:
    """The listing parameters of ``request`` and the query strings that change them."""

    def __init__(self, request):
        # Tracking parameters are not the listing's: its links and the reader
        # cache leave them out (``reader_cache.cache_query``).
        self.others = [
            (key, value)
            for key, values in request.GET.lists()
            if key not in PARAMETERS and not is_tracking_parameter(key)
            for value in values
        ]
        given = [(key, request.GET.getlist(key)) for key in PARAMETERS if key in request.GET]
        if len(given) > 1 or any(len(values) != 1 for _, values in given):
            raise Http404(_("One page at a time"))
        self.name, self.value = (given[0][0], given[0][1][0]) if given else ("page", "1")

    def query(self, name, value):
        return "?" + urlencode([*self.others, (name, value)])


def paginate_stories(request, stories, per_page):
    """A page of ``stories`` (newest first) for ``?page=``, ``?before=`` or ``?after=``."""
    return paginate_by_date(request, stories, per_page)


def paginate_notes(request, notes, per_page):
    """A page of story notes (newest first), as ``paginate_stories`` pages stories."""
    return paginate_by_date(request, notes, per_page, date_field="noted_at", date_attr="noted_at")


def paginate_by_date(
    request, rows_in_order, per_page, *, date_field="display_order_date", date_attr="published_at"
):
    """A page of ``rows_in_order`` (ordered by ``-date_field, -pk``) for the listing parameters."""
    listing = ListingRequest(request)
    cursor = partial(format_cursor, date_field=date_field)
    if listing.name == "page":
        if not PAGE_NUMBER.fullmatch(listing.value):
            raise Http404(_("Not a page number"))
        return numbered_page(
            listing, rows_in_order, per_page, int(listing.value), cursor, date_attr
        )
    date, pk = parse_cursor(listing.value)
    if listing.name == "before":
        rows = list(older_than(rows_in_order, date, pk, date_field)[: per_page + 1])
        if not rows:
            raise Http404(_("No such page"))
        shown = rows[:per_page]
        return StoryPage(
            shown,
            query=listing.query("before", listing.value),
            previous_query=listing.query("after", cursor(shown[0])),
            next_query=listing.query("before", cursor(shown[-1])) if len(rows) > per_page else None,
            date_attr=date_attr,
        )
    rows = list(newer_than(rows_in_order, date, pk, date_field).reverse()[: per_page + 1])
    if len(rows) <= per_page:
        # Back at the newest rows: that is the first page.
        return numbered_page(listing, rows_in_order, per_page, 1, cursor, date_attr)
    shown = rows[:per_page][::-1]
    return StoryPage(
        shown,
        query=listing.query("after", listing.value),
        previous_query=listing.query("after", cursor(shown[0])),
        next_query=listing.query("before", cursor(shown[-1])),
        date_attr=date_attr,
    )


def numbered_page(
    listing, stories, per_page, number, cursor=format_cursor, date_attr="published_at"
):
    if number > numbered_pages():
        raise Http404(_("No such page"))
    start = (number - 1) * per_page
    rows = list(stories[start : start + per_page + 1])
    if not rows and number > 1:
        raise Http404(_("No such page"))
    shown = rows[:per_page]
    next_query = None
    if len(rows) > per_page:
        if number < numbered_pages():
            next_query = listing.query("page", number + 1)
        else:
            next_query = listing.query("before", cursor(shown[-1]))
    return StoryPage(
        shown,
        date_attr=date_attr,
        number=number,
        query=listing.query("page", number) if number > 1 else "",
        previous_query=listing.query("page", number - 1) if number > 1 else None,
        next_query=next_query,
    )


def search_pages():
    return conf.get("NEWSROOM_SEARCH_PAGES")


def paginate_search(request, results, per_page):
    """A numbered page of search ``results`` for ``?page=``, up to ``NEWSROOM_SEARCH_PAGES``.

    Like the listings, no total: a count would cost as much as the search.
    Readers who need more than the first pages narrow the search instead.
    """
    listing = ListingRequest(request)
    if listing.name != "page" or not PAGE_NUMBER.fullmatch(listing.value):
        raise Http404(_("Not a page number"))
    number = int(listing.value)
    if number > search_pages():
        raise Http404(_("No such page"))
    start = (number - 1) * per_page
    rows = list(results[start : start + per_page + 1])
    if not rows and number > 1:
        raise Http404(_("No such page"))
    page = StoryPage(
        rows[:per_page],
        number=number,
        query=listing.query("page", number) if number > 1 else "",
        previous_query=listing.query("page", number - 1) if number > 1 else None,
        next_query=listing.query("page", number + 1)
        if len(rows) > per_page and number < search_pages()
        else None,
    )
    page.start_index = start + 1
    page.end_index = start + len(page)
    return page
