"""What a reader may see: the one definition every listing, feed, sitemap, search and link uses.

A page is readable when it is live and no view restriction (password, login,
groups) covers it or any of its ancestors. Wagtail's ``public()`` loads every
restriction of the site first and builds a condition per restricted subtree;
this asks the database whether a restricted page is the page or its
ancestor, in the same query that lists the pages.
"""

from django.db.models import Exists, F, OuterRef
from django.db.models.lookups import StartsWith
from wagtail.models import Page, PageViewRestriction


def restricted():
    """True for a page (``OuterRef("path")``) that a view restriction covers, from itself up."""
    return Exists(PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path"))))


def restricted_here():
    """True for a page that carries a view restriction itself (ancestors not asked)."""
    return Exists(PageViewRestriction.objects.filter(page_id=OuterRef("pk")))


def readable(pages):
    """``pages`` (a page queryset) narrowed to those a reader may see."""
    return pages.live().exclude(restricted())


def is_restricted(page):
    """Whether a view restriction covers ``page``: one query, for a page no listing loaded."""
    return Page.objects.filter(pk=page.pk).filter(restricted()).exists()


def searchable(pages):
    """``readable`` for a search: the same rule as Wagtail's ``public()`` writes it.

    Search backends other than the database (OpenSearch, Elasticsearch) filter
    only on indexed fields, so the rule is given as conditions on ``path``
    (one per restricted subtree) rather than as a subquery.
    """
    return pages.live().public()
