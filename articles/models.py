"""Sections, stories, bylines and the site-wide newsroom settings."""

import operator
from functools import partial
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import StartsWith
from django.http import JsonResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from rest_framework.fields import JSONField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from media.renditions import load_photo_uses, load_photos, responsive_photo, social_image

from . import seo, site_data
from .blocks import ArticleBodyBlock, PageRelatedLinksBlock
from .pagination import paginate_stories, stories_per_page
from .routing import ChainAwareMixin, PathRoutingMixin
from .share import NETWORKS, share_links
from .text import fold

HEADLINE_MAX_LENGTH = 120
# How many of the newest related stories an article ranks for its 'Related stories'.
RELATED_CANDIDATES = 50
# What a story's page shows besides its own fields (ArticlePage.get_render_inputs).
RENDER_INPUTS = (
    "lead_photo",
    "bylines",
    "tags",
    "related_links",
    "related_stories",
    "newsroom_photos",
    "newsroom_embeds",
    "canonical_url",
    "share_links",
    "open_graph",
    "json_ld",
)
# What a story teaser shows (``includes/story_teaser.html``) and its URL needs.
TEASER_FIELDS = (
    "id",
    "path",
    "depth",
    "url_path",
    "title",
    "slug",
    "content_type_id",
    "live",
    "locale_id",
    "summary",
    "lead_photo_id",
    "display_date",
    "first_published_at",
    "latest_revision_created_at",
    "display_order_date",
)
# Tags and authors with fewer stories are listed from their own rows (StoryQuerySet.tagged).
SMALL_LISTING = 500


class Author(index.Indexed, models.Model):
    """A byline: a staff writer, or an agency such as AFP for wire copy."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff writer")
        CONTRIBUTOR = "contributor", _("Contributor")
        AGENCY = "agency", _("News agency")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STAFF)
    role = models.CharField(
        _("role"), max_length=120, blank=True, help_text=_("e.g. 'Diplomatic correspondent'.")
    )
    photo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("biography"), blank=True)
    url = models.URLField(_("profile URL"), blank=True, help_text=_("Personal or agency site."))

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("url"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    api_fields = [
        APIField("name"),
        APIField("slug"),
        APIField("kind"),
        APIField("role"),
        APIField("bio"),
        APIField("url"),
        APIField("photo"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)
        super().save(*args, **kwargs)

    @property
    def is_organization(self):
        return self.kind == self.Kind.AGENCY


class StoryQuerySet(PageQuerySet):
    def readable(self):
        """Live stories no view restriction covers, in one query.

        Wagtail's ``public()`` loads every restriction first; this asks the
        database whether any restricted page is the story or its ancestor.
        """
        restricted_ancestor = PageViewRestriction.objects.filter(
            StartsWith(OuterRef("path"), F("page__path"))
        )
        return self.live().exclude(Exists(restricted_ancestor))

    def for_listing(self):
        return (
            self.readable()
            .defer_streamfields()
            .select_related("lead_photo")
            .order_by("-display_order_date", "-pk")
        )

    def tagged(self, tag):
        """Stories carrying ``tag`` (see ``_listed_by``)."""
        return self._listed_by(ArticlePageTag.objects.filter(tag=tag), "content_object")

    def bylined(self, author):
        """Stories with a byline for ``author`` (see ``_listed_by``)."""
        return self._listed_by(ArticleByline.objects.filter(author=author), "page")

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


StoryManager = PageManager.from_queryset(StoryQuerySet)


class SectionPage(RoutablePageMixin, PathRoutingMixin, ChainAwareMixin, Page):
    """A section of the site (News, Turkey, Sport). Sections nest to any depth;
    a section lists the stories in it and in its sub-sections."""

    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One or two sentences shown under the section name and to search engines."),
    )

    content_panels = Page.content_panels + [FieldPanel("description")]

    subpage_types = ["articles.SectionPage", "articles.ArticlePage"]

    api_fields = [APIField("description")]

    template = "articles/section_page.html"

    class Meta:
        verbose_name = _("section")

    def get_stories(self):
        return ArticlePage.objects.descendant_of(self).for_listing()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = paginate_stories(request, self.get_stories(), stories_per_page())
        context["stories"] = stories
        context["newsroom_photos"] = load_photos(
            [story.lead_photo_id for story in stories], ["teaser"]
        )
        context["breadcrumbs"] = self.get_breadcrumbs()
        context["newsroom"] = NewsroomSettings.for_request(request)
        return context

    def get_breadcrumbs(self):
        return section_breadcrumbs(self.get_ancestor_chain())

    @path("feed/", name="rss_feed")
    def rss_feed(self, request):
        from .feeds import SectionFeed

        return SectionFeed()(request, section=self)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        from .feeds import SectionAtomFeed

        return SectionAtomFeed()(request, section=self)


def section_breadcrumbs(chain):
    section_type = ContentType.objects.get_for_model(SectionPage).id
    return [page for page in chain if page.content_type_id == section_type]


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )

    class Meta:
        # A tag page asks "does this story carry the tag?" story by story.
        indexes = [models.Index(fields=["tag", "content_object"])]


class ArticleByline(Orderable):
    page = ParentalKey("articles.ArticlePage", related_name="bylines", on_delete=models.CASCADE)
    author = models.ForeignKey(
        Author, verbose_name=_("author"), related_name="bylines", on_delete=models.PROTECT
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        # An author page asks "is this story theirs?" story by story.
        indexes = [models.Index(fields=["author", "page"])]

    def __str__(self):
        return str(self.author)


class ArticlePage(ChainAwareMixin, Page):
    """A news story: headline, summary, lead photo, body, bylines and tags."""

    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_(
            "The one-sentence lead: what happened. Shown under the headline, as the teaser on "
            "section pages and as the description for search engines and social cards."
        ),
    )
    lead_photo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("lead photo"),
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown full width under the headline. Every story needs one."),
    )
    lead_caption = models.TextField(
        _("caption"),
        blank=True,
        help_text=_(
            "What the photo shows in this story, who distributed it and when. "
            "Leave empty to use the photo's default caption."
        ),
    )
    lead_credit = models.CharField(
        _("credit override"),
        max_length=255,
        blank=True,
        help_text=_("Only if this use needs a different credit than the photo's own."),
    )
    lead_alt_text = models.CharField(
        _("alt text override"),
        max_length=500,
        blank=True,
        help_text=_("For screen readers. Leave empty to use the photo's alt text."),
    )
    dateline = models.CharField(
        _("dateline"),
        max_length=80,
        blank=True,
        help_text=_("Where the story was reported from, e.g. 'ANKARA'."),
    )
    body = StreamField(
        ArticleBodyBlock(),
        verbose_name=_("body"),
        help_text=_(
            "The story in reading order: paragraphs, cross-headings, quotes, photos, "
            "'Read more' lists and embeds. At least one paragraph."
        ),
    )
    related_links = StreamField(
        PageRelatedLinksBlock(),
        blank=True,
        verbose_name=_("related stories (below the story)"),
        help_text=_(
            "Links shown after the story under 'Related stories'. Leave empty to show recent "
            "stories that share its tags. For a 'Read more' list inside the story, add one "
            "to the body."
        ),
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("tags"))
    display_date = models.DateTimeField(
        _("display date"),
        null=True,
        blank=True,
        help_text=_("Publication date shown to readers. Leave empty to use the first publication."),
    )
    display_order_date = models.DateTimeField(
        null=True, editable=False, db_index=True, help_text="Display date, else first published."
    )
    external_id = models.CharField(
        _("wire ID"),
        max_length=500,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The ninjs 'uri' of imported wire copy: re-imports update this story.",
    )
    wire_status = models.CharField(
        _("wire status"),
        max_length=20,
        blank=True,
        editable=False,
        choices=[("usable", "Usable"), ("withheld", "Withheld"), ("canceled", "Canceled")],
        help_text="The ninjs 'pubstatus' of the last import.",
    )
    share_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("share image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Picture for social cards. Leave empty to use the lead photo."),
    )

    content_panels = [
        TitleFieldPanel(
            "title",
            heading=_("Headline"),
            help_text=_("One sentence, sentence case, no full stop; at most %(max)s characters.")
            % {"max": HEADLINE_MAX_LENGTH},
            attrs={"data-newsroom-count": HEADLINE_MAX_LENGTH},
        ),
        FieldPanel("summary", attrs={"data-newsroom-count": 400}),
        MultiFieldPanel(
            [
                FieldPanel("lead_photo"),
                FieldPanel("lead_caption"),
                FieldPanel("lead_credit"),
                FieldPanel("lead_alt_text"),
            ],
            heading=_("Lead photo"),
        ),
        InlinePanel("bylines", heading=_("Bylines"), label=_("Byline"), min_num=0),
        FieldPanel("dateline"),
        FieldPanel("body"),
        FieldPanel("related_links"),
        FieldPanel("tags"),
    ]
    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("search_description")],
            heading=_("For search engines"),
        ),
        FieldPanel("share_image"),
    ]
    settings_panels = [FieldPanel("display_date")] + Page.settings_panels

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(promote_panels, heading=_("Promote")),
            ObjectList(settings_panels, heading=_("Settings"), classname="settings"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("dateline"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields(
            "bylines", [index.RelatedFields("author", [index.SearchField("name")])]
        ),
        index.FilterField("display_order_date"),
        # The same words without diacritics, so 'Cavusoglu' finds 'Çavuşoğlu' on
        # any search backend.
        index.SearchField("folded_search_text"),
    ]

    api_fields = [
        APIField("summary"),
        APIField("dateline"),
        APIField("published_at"),
        APIField("updated_at"),
        APIField("section_path", serializer=JSONField(source="api_section_path")),
        APIField("bylines_data", serializer=JSONField(source="api_bylines")),
        APIField("lead_photo_data", serializer=JSONField(source="api_lead_photo")),
        APIField("body"),
        APIField("related", serializer=JSONField(source="api_related_links")),
        APIField("tag_list", serializer=JSONField(source="api_tags")),
        APIField("share_url", serializer=JSONField(source="full_url")),
    ]

    objects = StoryManager()

    exclude_fields_in_copy = ["external_id", "wire_status"]

    parent_page_types = ["articles.SectionPage"]
    subpage_types = []

    template = "articles/article_page.html"

    class Meta:
        verbose_name = _("article")
        indexes = [models.Index(fields=["display_order_date", "page_ptr"])]

    def clean(self):
        super().clean()
        if self.title and len(self.title) > HEADLINE_MAX_LENGTH:
            raise ValidationError(
                {
                    "title": _("Headlines are at most %(max)s characters; this one has %(n)s.")
                    % {"max": HEADLINE_MAX_LENGTH, "n": len(self.title)}
                }
            )

    def save(self, *args, **kwargs):
        self.display_order_date = self.display_date or self.first_published_at
        super().save(*args, **kwargs)

    # Dates -----------------------------------------------------------------

    @property
    def published_at(self):
        return self.display_date or self.first_published_at or self.latest_revision_created_at

    @property
    def updated_at(self):
        """The last publish, when it came noticeably after the story first went out."""
        published = self.published_at
        updated = self.last_published_at
        if published and updated and updated - published > timezone.timedelta(minutes=1):
            return updated
        return None

    # Lead photo --------------------------------------------------------------

    @property
    def lead_caption_text(self):
        photo = self.lead_photo
        return self.lead_caption or (photo.default_caption if photo else "")

    @property
    def lead_credit_text(self):
        photo = self.lead_photo
        return self.lead_credit or (photo.credit if photo else "")

    @property
    def lead_alt(self):
        photo = self.lead_photo
        return self.lead_alt_text or (photo.default_alt_text if photo else "")

    @property
    def social_photo(self):
        return self.share_image or self.lead_photo

    def folded_search_text(self):
        parts = [self.title, self.summary, self.dateline]
        parts += self.body.stream_block.get_searchable_content(self.body)
        parts += [tag.name for tag in self.tags.all()]
        parts += [byline.author.name for byline in self.bylines.all()]
        return fold(strip_tags(" ".join(part for part in parts if part)))

    # Headless API ---------------------------------------------------------------

    @property
    def api_section_path(self):
        return [
            {"id": section.pk, "title": section.title, "url": section.full_url}
            for section in self.get_breadcrumbs()
        ]

    @property
    def api_bylines(self):
        return [
            {
                "id": byline.author.pk,
                "name": byline.author.name,
                "slug": byline.author.slug,
                "kind": byline.author.kind,
                "role": byline.author.role,
            }
            for byline in self.bylines.select_related("author")
        ]

    @property
    def api_lead_photo(self):
        photo = self.lead_photo
        if photo is None:
            return None
        renditions = responsive_photo(photo, "lead")
        social = social_image(photo)
        base = self.full_url
        return {
            "id": photo.pk,
            "caption": self.lead_caption_text,
            "credit": self.lead_credit_text,
            "alt": self.lead_alt,
            "src": urljoin(base, renditions.src),
            "srcset": ", ".join(
                f"{urljoin(base, url)} {width}"
                for url, width in (item.split(" ") for item in renditions.srcset.split(", "))
            ),
            "social": {**social, "url": urljoin(base, social["url"])},
        }

    @property
    def api_related_links(self):
        return [
            {"title": link.value.text, "url": link.value.href, "external": link.value.is_external}
            for link in self.related_links
            if link.value.href
        ]

    @property
    def api_tags(self):
        return [{"name": tag.name, "slug": tag.slug} for tag in self.tags.all()]

    # Relations ---------------------------------------------------------------

    @cached_property
    def section(self):
        breadcrumbs = self.get_breadcrumbs()
        return breadcrumbs[-1] if breadcrumbs else None

    def get_breadcrumbs(self):
        return section_breadcrumbs(self.get_ancestor_chain())

    def get_related_stories(self, tags, limit=4):
        """Recent live stories sharing the most tags, else from the same section.

        Only the ``RELATED_CANDIDATES`` newest stories that share a tag or the
        section are ranked: the database walks its date index back until it
        has found them, so the cost stays the same as the archive grows.
        """
        tag_ids = [tag.pk for tag in tags]
        section = self.section
        in_section = Q(path__startswith=section.path) if section else Q(pk__in=[])
        related = in_section
        if tag_ids:
            shares_a_tag = Exists(
                ArticlePageTag.objects.filter(content_object=OuterRef("pk"), tag_id__in=tag_ids)
            )
            related = shares_a_tag | in_section
        candidates = (
            ArticlePage.objects.readable()
            .exclude(pk=self.pk)
            .filter(related)
            .order_by("-display_order_date", "-pk")
            .values("pk")[:RELATED_CANDIDATES]
        )
        if not connections[candidates.db].features.allow_sliced_subqueries_with_in:
            candidates = [row["pk"] for row in candidates]  # MySQL
        # Teasers need a few columns; the lead photos come from the caller's
        # bulk load, and a correlated count ranks without grouping every column.
        stories = ArticlePage.objects.filter(pk__in=candidates).only(*TEASER_FIELDS)
        order = []
        if tag_ids:
            shared = (
                ArticlePageTag.objects.filter(content_object=OuterRef("pk"), tag_id__in=tag_ids)
                .order_by()
                .values("content_object")
                .annotate(count=Count("pk"))
                .values("count")
            )
            stories = stories.annotate(shared_tags=Coalesce(Subquery(shared), 0))
            order = ["-shared_tags"]
        return list(stories.order_by(*order, F("display_order_date").desc(nulls_last=True))[:limit])

    def serve(self, request, *args, **kwargs):
        if request.GET.get("format") == "ninjs":
            from .ninjs import article_to_ninjs

            return JsonResponse(
                article_to_ninjs(self, request), json_dumps_params={"ensure_ascii": False}
            )
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        """The story's context, read only where the template needs it.

        The template caches its fragments (``{% wagtailpagecache %}``, varying
        on ``newsroom_generation``); a render whose fragments are all cached
        reads none of the bylines, tags, related stories, photos or metadata.
        """
        from . import caching

        context = super().get_context(request, *args, **kwargs)
        newsroom = NewsroomSettings.for_request(request)
        inputs = SimpleLazyObject(lambda: self.get_render_inputs(request, newsroom))
        context.update(
            {
                name: SimpleLazyObject(partial(operator.getitem, inputs, name))
                for name in RENDER_INPUTS
            }
        )
        context.update(
            {
                "breadcrumbs": self.get_breadcrumbs(),
                "newsroom": newsroom,
                "newsroom_generation": caching.render_generation(request),
                "newsroom_fragment_timeout": caching.cache_timeout(),
            }
        )
        return context

    def get_render_inputs(self, request, newsroom):
        """Everything the story's page shows besides the page's own fields (``RENDER_INPUTS``)."""
        bylines = list(self.bylines.select_related("author"))
        tags = list(self.tags.all())
        related_links = [link for link in self.related_links if link.value.href]
        related_stories = [] if self.related_links else self.get_related_stories(tags)
        inline_photos = [
            block.value["photo"] for block in self.body if block.block_type == "inline_photo"
        ]
        photos = load_photo_uses(
            {
                "lead": [self.lead_photo_id],
                "inline": [photo.pk for photo in inline_photos if photo],
                "social": [self.share_image_id or self.lead_photo_id],
                "logo": [newsroom.publisher_logo_id],
                "avatar": [byline.author.photo_id for byline in bylines],
                "teaser": [story.lead_photo_id for story in related_stories],
            }
        )
        # Reuse the loaded photos for the foreign keys so templates cost no query.
        if self.lead_photo_id in photos:
            self.lead_photo = photos[self.lead_photo_id]
        if self.share_image_id in photos:
            self.share_image = photos[self.share_image_id]
        for story in related_stories:
            if story.lead_photo_id in photos:
                story.lead_photo = photos[story.lead_photo_id]
        for byline in bylines:
            if byline.author.photo_id in photos:
                byline.author.photo = photos[byline.author.photo_id]
        return {
            "lead_photo": photos.get(self.lead_photo_id),
            "bylines": bylines,
            "tags": tags,
            "related_links": related_links,
            "related_stories": related_stories,
            "newsroom_photos": photos,
            "newsroom_embeds": self.get_embeds(),
            **self.get_machine_metadata(request, bylines, tags, newsroom, photos),
        }

    def get_machine_metadata(self, request, bylines, tags, newsroom, photos):
        """Canonical URL, share links, Open Graph, Twitter card and JSON-LD."""
        photo = self.social_photo
        image = social_image(photos.get(photo.pk, photo)) if photo else None
        if image is not None:
            image["alt"] = (
                self.lead_alt if photo.pk == self.lead_photo_id else photo.default_alt_text
            )
        logo = photos.get(newsroom.publisher_logo_id)
        logo_url = social_image(logo, "logo")["url"] if logo else None
        canonical = self.get_full_url(request)
        return {
            "canonical_url": canonical,
            "share_links": share_links(canonical, self.title, newsroom.share_network_keys),
            "open_graph": seo.open_graph(
                self, request, tags=tags, image=image, site_name=newsroom.publisher_display_name
            )
            + seo.twitter_card(self, image),
            "json_ld": seo.json_ld_script(
                seo.article_data(
                    self,
                    request,
                    bylines=bylines,
                    tags=tags,
                    newsroom=newsroom,
                    image=image,
                    logo_url=logo_url,
                )
            ),
        }

    def get_embeds(self):
        from wagtail.embeds.models import Embed

        urls = {
            block.value.url for block in self.body if block.block_type == "embed" and block.value
        }
        if not urls:
            return {}
        return {embed.url: embed for embed in Embed.objects.filter(url__in=urls, max_width=None)}


def _share_network_choices():
    return [(key, network.label) for key, network in NETWORKS.items()]


class ChoiceLabelValue(blocks.StructValue):
    """Exposes the human label of the block's choice field as ``<name>_label``."""

    def _label(self, name):
        choices = dict(self.block.child_blocks[name].field.choices)
        return choices.get(self.get(name), self.get(name))

    @property
    def network_label(self):
        return self._label("network")

    @property
    def store_label(self):
        return self._label("store")


class SocialAccountBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(
        choices=[
            ("x", "X"),
            ("facebook", "Facebook"),
            ("instagram", "Instagram"),
            ("linkedin", "LinkedIn"),
            ("youtube", "YouTube"),
            ("bluesky", "Bluesky"),
            ("telegram", "Telegram"),
            ("mastodon", "Mastodon"),
            ("other", _("Other")),
        ]
    )
    handle = blocks.CharBlock(max_length=120, help_text=_("e.g. '@newsroom'"))
    url = blocks.URLBlock()

    class Meta:
        icon = "site"
        value_class = ChoiceLabelValue


class AppLinkBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=80, help_text=_("e.g. 'Newsroom TV'"))
    url = blocks.URLBlock()
    store = blocks.ChoiceBlock(
        choices=[
            ("app_store", "App Store"),
            ("google_play", "Google Play"),
            ("web", _("Web")),
            ("other", _("Other")),
        ]
    )

    class Meta:
        icon = "mobile-alt"
        value_class = ChoiceLabelValue


@register_setting(icon="globe")
class NewsroomSettings(BaseSiteSetting, ClusterableModel):
    """Who publishes this site and what every page shows around the story."""

    publisher_name = models.CharField(
        _("publisher name"), max_length=120, blank=True, help_text=_("Defaults to the site name.")
    )
    publisher_logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("publisher logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(
        _("language"), max_length=16, default="en", help_text=_("e.g. 'en' or 'tr'.")
    )
    social_accounts = StreamField(
        [("account", SocialAccountBlock())], blank=True, verbose_name=_("social accounts")
    )
    share_networks = StreamField(
        [("network", blocks.ChoiceBlock(choices=_share_network_choices, icon="link"))],
        blank=True,
        verbose_name=_("share buttons"),
        help_text=_("Which share buttons stories show, in order. Empty shows them all."),
    )
    alternate_addresses = StreamField(
        [("address", blocks.CharBlock(max_length=253, icon="site"))],
        blank=True,
        verbose_name=_("alternate addresses"),
        help_text=_("Other addresses the site can be reached at, listed in the footer."),
    )
    app_links = StreamField([("app", AppLinkBlock())], blank=True, verbose_name=_("app links"))

    panels = [
        FieldPanel("publisher_name"),
        FieldPanel("publisher_logo"),
        FieldPanel("language"),
        FieldPanel("share_networks"),
        FieldPanel("social_accounts"),
        FieldPanel("alternate_addresses"),
        FieldPanel("app_links"),
    ]

    class Meta:
        verbose_name = _("newsroom settings")

    def __str__(self):
        return str(self.publisher_display_name)

    @classmethod
    def for_site(cls, site):
        # From the cache (``site_data``), else read first: Wagtail's
        # get_or_create always asks the primary database, even for a reader
        # request that a read replica could answer.
        if site is not None:
            key = site_data.settings_key(site.pk)
            instance = cache.get(key)
            if instance is None:
                instance = cls.base_queryset().filter(site=site).first()
                if instance is not None:
                    cache.set(key, instance, site_data.TIMEOUT)
            if instance is not None:
                return instance
        return super().for_site(site)

    @property
    def publisher_display_name(self):
        return self.publisher_name or settings.WAGTAIL_SITE_NAME

    @property
    def share_network_keys(self):
        keys = [block.value for block in self.share_networks if block.value in NETWORKS]
        return list(dict.fromkeys(keys)) or list(NETWORKS)


from .purge import PendingPurge  # noqa: E402,F401


class SitemapWeek(models.Model):
    """A week of a site's stories in its sitemap index, and when it last changed.

    The index reads these rows, one per week, instead of grouping the whole
    archive by week on every request. ``articles.sitemaps`` keeps them: a
    story published, unpublished, moved, deleted or made private marks its
    week changed, and the hourly upkeep reconciles them with the stories.
    """

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    week = models.DateField(help_text="The Monday (UTC) of the ISO week.")
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "week"], name="unique_sitemap_week"),
        ]

    def __str__(self):
        return f"{self.site} {self.week:%G-W%V}"
