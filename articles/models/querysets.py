"""How stories are listed: what readers may see, newest first, by tag, byline or kinship."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from wagtail.models import Page, PageManager, ReferenceIndex
from wagtail.query import PageQuerySet

from .. import visibility
from ..delivery.routing import LINK_FIELDS

# How many of the newest related stories an article ranks for its 'Related stories'.
RELATED_CANDIDATES = 50
# What a story teaser shows (``includes/story_teaser.html``) and its URL needs.
TEASER_FIELDS = (
    *LINK_FIELDS,
    "summary",
    "story_type",
    "kicker",
    "lead_photo_id",
    "display_date",
    "first_published_at",
    "latest_revision_created_at",
    "display_order_date",
)
# Tags and authors with fewer stories are listed from their own rows (``_listed_by``).
SMALL_LISTING = 500


class StoryQuerySet(PageQuerySet):
    def readable(self):
        """The stories a reader may see (``articles.visibility``), in one query."""
        return visibility.readable(self)

    def for_listing(self):
        return (
            self.readable()
            .defer_streamfields()
            .select_related("lead_photo")
            .order_by("-display_order_date", "-pk")
        )

    def tagged(self, tag):
        """Stories carrying ``tag`` (see ``_listed_by``)."""
        return self._listed_by(self._tag_rows().filter(tag=tag), "content_object")

    def bylined(self, author):
        """Stories with a byline for ``author`` (see ``_listed_by``)."""
        return self._listed_by(self._byline_rows().filter(author=author), "page")

    def shows_tag(self, tag):
        """Whether a story a reader may see carries ``tag``.

        A tag no public story carries (a draft's, a withdrawn story's) tells
        what unpublished stories are about: its page and feed are as if it did
        not exist.
        """
        return self.readable().filter(tagged_items__tag=tag).exists()

    def shows_author(self, author):
        """Whether a story a reader may see carries a byline for ``author``.

        As for tags: an author whose only bylines are on drafts, embargoed or
        withdrawn stories tells what is coming, so their page, feed and API
        entry are as if they did not exist.
        """
        return self.readable().filter(bylines__author=author).exists()

    def related_to(self, story, tags, section, limit=4):
        """Recent readable stories sharing the most ``tags`` with ``story``, else its ``section``'s.

        Only the ``RELATED_CANDIDATES`` newest stories that share a tag or the
        section are ranked: the database walks its date index back until it
        has found them, so the cost stays the same as the archive grows.
        """
        tag_ids = [tag.pk for tag in tags]
        related = Q(path__startswith=section.path) if section else Q(pk__in=[])
        if tag_ids:
            shares_a_tag = Exists(
                self._tag_rows().filter(content_object=OuterRef("pk"), tag_id__in=tag_ids)
            )
            related = shares_a_tag | related
        candidates = (
            self.readable()
            .exclude(pk=story.pk)
            .filter(related)
            .order_by("-display_order_date", "-pk")
            .values("pk")[:RELATED_CANDIDATES]
        )
        if not connections[candidates.db].features.allow_sliced_subqueries_with_in:
            candidates = [row["pk"] for row in candidates]  # MySQL
        # Teasers need a few columns; the lead photos come from the caller's
        # bulk load, and a correlated count ranks without grouping every column.
        stories = self.model.objects.filter(pk__in=candidates).only(*TEASER_FIELDS)
        order = []
        if tag_ids:
            shared = (
                self._tag_rows()
                .filter(content_object=OuterRef("pk"), tag_id__in=tag_ids)
                .order_by()
                .values("content_object")
                .annotate(count=Count("pk"))
                .values("count")
            )
            stories = stories.annotate(shared_tags=Coalesce(Subquery(shared), 0))
            order = ["-shared_tags"]
        return list(stories.order_by(*order, F("display_order_date").desc(nulls_last=True))[:limit])

    def _listed_by(self, rows, story_field):
        """Stories that ``rows`` point to, in the query shape that suits their number.

        Newest first, a page of a tag with a handful of stories is quickest
        found from the tag's rows, sorted; one of a tag on every other story
        by walking the date index down and checking each story for the tag,
        which fills a page within a few dozen stories. A count that stops at
        ``SMALL_LISTING`` rows tells them apart.
        """
        if rows[:SMALL_LISTING].count() < SMALL_LISTING:
            return self.filter(pk__in=rows.values(story_field))
        return self.filter(Exists(rows.filter(**{story_field: OuterRef("pk")})))

    # The rows are models of ``stories``, which builds on this queryset: by name.
    @staticmethod
    def _tag_rows():
        return apps.get_model("newsroom_articles", "ArticlePageTag").objects

    @staticmethod
    def _byline_rows():
        return apps.get_model("newsroom_articles", "ArticleByline").objects


StoryManager = PageManager.from_queryset(StoryQuerySet)


class AuthorQuerySet(models.QuerySet):
    def shown(self):
        """Authors with a byline on a story a reader may see (``shows_author``)."""
        stories = apps.get_model("newsroom_articles", "ArticlePage").objects.readable()
        return self.filter(Exists(stories.filter(bylines__author=OuterRef("pk"))))


def public_photos(photos):
    """``photos`` narrowed to those a reader can come across.

    A photo is public when a page a reader may see uses it (as its lead, its
    share image, in its body: Wagtail's reference index knows every use), when
    it is the portrait of an author a reader may see, or a site's publisher
    logo. A photo used only by a draft or an embargoed story is not.
    """
    readable_pages = (
        visibility.readable(Page.objects.all()).annotate(key=Cast("pk", CharField())).values("key")
    )
    uses = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(photos.model),
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=readable_pages,
    ).values("to_object_id")
    authors = apps.get_model("newsroom_articles", "Author").objects.shown()
    logos = apps.get_model("newsroom_articles", "NewsroomSettings").objects.values(
        "publisher_logo_id"
    )
    # The index keeps ids as text, for any kind of key.
    public = (
        photos.model.objects.annotate(reference_key=Cast("pk", CharField()))
        .filter(Q(reference_key__in=uses) | Q(pk__in=authors.values("photo_id")) | Q(pk__in=logos))
        .values("pk")
    )
    # A plain condition on the key, which search backends can apply too.
    return photos.filter(pk__in=public)
