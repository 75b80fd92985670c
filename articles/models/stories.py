"""Stories: the news article page, its bylines and its tags."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page
from wagtail.search import index

from media.admin.widgets import CreditedImageChooser
from media.uses import photo_use

from ..blocks import ArticleBodyBlock, PageRelatedLinksBlock
from ..delivery.preview import PreviewMixin
from ..delivery.routing import ChainAwareMixin
from ..presentation import api
from ..presentation.api import Computed
from ..presentation.dates import reader_datetime
from ..presentation.story import story_context
from ..text import fold
from .authors import Author
from .querysets import StoryManager
from .sections import section_breadcrumbs
from .settings import NewsroomSettings

HEADLINE_MAX_LENGTH = 120
UPDATE_NOTE_MAX_LENGTH = 200


class StoryType(models.TextChoices):
    """What kind of story it is: readers see it above the headline, machines in the JSON-LD."""

    NEWS = "news", _("News")
    ANALYSIS = "analysis", _("Analysis")
    OPINION = "opinion", _("Opinion")
    REVIEW = "review", _("Review")
    EXPLAINER = "explainer", _("Explainer")
    INTERVIEW = "interview", _("Interview")
    OBITUARY = "obituary", _("Obituary")
    FACT_CHECK = "fact_check", _("Fact check")
    SPONSORED = "sponsored", _("Sponsored")


class Kicker(models.TextChoices):
    """A word over the headline that tells readers how fresh the story is, chosen by the editor."""

    NONE = "", _("None")
    BREAKING = "breaking", _("Breaking")
    LIVE = "live", _("Live")
    EXCLUSIVE = "exclusive", _("Exclusive")


class ClaimRating(models.IntegerChoices):
    """A fact check's verdict, worst to best: schema.org's ``Rating`` from 1 to 5."""

    FALSE = 1, _("False")
    MOSTLY_FALSE = 2, _("Mostly false")
    MIXED = 3, _("Half true")
    MOSTLY_TRUE = 4, _("Mostly true")
    TRUE = 5, _("True")


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "newsroom_articles.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )

    class Meta:
        # A tag page asks "does this story carry the tag?" story by story.
        indexes = [models.Index(fields=["tag", "content_object"])]


class ArticleByline(Orderable):
    page = ParentalKey(
        "newsroom_articles.ArticlePage", related_name="bylines", on_delete=models.CASCADE
    )
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


class UpdateShownPanel(FieldPanel):
    """Read-only: the last substantive update as readers see it, zone and note included."""

    class BoundPanel(FieldPanel.BoundPanel):
        @cached_property
        def value_from_instance(self):
            return self.instance.update_shown_to_readers


def counted(most=None, about=None, note=""):
    """The attributes of a field whose characters the editor's counter shows
    (articles/js/admin-count.js): ``most`` a hard limit, ``about`` what search
    results show, with ``note`` said once it is passed."""
    attrs = {}
    if most is not None:
        attrs["data-newsroom-count"] = most
    if about is not None:
        attrs["data-newsroom-count-soft"] = about
        attrs["data-newsroom-count-note"] = note
    return attrs


class ArticlePage(PreviewMixin, ChainAwareMixin, Page):
    """A news story: headline, summary, lead photo, body, bylines and tags."""

    story_type = models.CharField(
        _("story type"),
        max_length=20,
        choices=StoryType.choices,
        default=StoryType.NEWS,
        help_text=_(
            "What kind of story this is. Readers see it above the headline (except for "
            "news), and search engines are told. A fact check needs its claim and rating "
            "below. Sponsored stories are marked as paid content, their links as sponsored, "
            "and they stay out of Google News."
        ),
    )
    kicker = models.CharField(
        _("kicker"),
        max_length=20,
        choices=Kicker.choices,
        default=Kicker.NONE,
        blank=True,
        help_text=_(
            "A word over the headline on the story and its teasers: Breaking, Live or "
            "Exclusive. Take it off when it no longer holds."
        ),
    )
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
    # A substantive update: the editor's box and note ride with a revision and are
    # reset once it goes live (``record_publish``); the time and note readers see
    # are the story's, kept across revisions (``with_content_json``).
    substantive_update = models.BooleanField(
        _("this publish is a substantive update"),
        default=False,
        help_text=_(
            "Tick when this publish changes what the story tells readers: new facts, a "
            "correction, a development. Readers then see 'Updated' with the time it goes "
            "live. Leave it clear for typo and style fixes. The box clears itself after "
            "publishing."
        ),
    )
    substantive_update_note = models.CharField(
        _("update note"),
        max_length=UPDATE_NOTE_MAX_LENGTH,
        blank=True,
        help_text=_(
            "Optional, for readers, shown next to the Updated time until the next "
            "substantive update, e.g. 'Adds the minister's response.' Needs the box above."
        ),
    )
    updated_at = models.DateTimeField(
        _("updated"),
        null=True,
        blank=True,
        editable=False,
        help_text="When the last substantive update went live; readers see 'Updated'.",
    )
    update_note = models.CharField(
        _("update note shown"),
        max_length=UPDATE_NOTE_MAX_LENGTH,
        blank=True,
        editable=False,
        help_text="The note of the last substantive update, shown next to its time.",
    )
    update_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Substantive updates so far: tells a revision written before the last one.",
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
    # A fact check's claim (schema.org ClaimReview); needed to publish one
    # (``articles.admin.checks``), ignored for the other story types.
    claim_reviewed = models.TextField(
        _("claim"),
        max_length=500,
        blank=True,
        help_text=_("The claim this story checks, in a sentence, as it was made."),
    )
    claim_author = models.CharField(
        _("claim made by"),
        max_length=255,
        blank=True,
        help_text=_("The person or organisation who made the claim."),
    )
    claim_author_is_organization = models.BooleanField(
        _("made by an organisation"),
        default=False,
        help_text=_("Tick when the claim came from a party, company or agency, not a person."),
    )
    claim_date = models.DateField(
        _("claim made on"), null=True, blank=True, help_text=_("Optional: when it was made.")
    )
    claim_url = models.URLField(
        _("claim appeared at"),
        max_length=500,
        blank=True,
        help_text=_("Optional: the address of a post, video or article where it was made."),
    )
    claim_rating = models.PositiveSmallIntegerField(
        _("rating"),
        choices=ClaimRating.choices,
        null=True,
        blank=True,
        help_text=_("What the checking found, from false to true."),
    )

    # The admin's form (articles.admin.forms.ArticlePageForm: checks before publishing,
    # the Promote previews' data) is set as base_form_class by articles.apps, since
    # the models do not import the admin. The data-newsroom-* attributes drive the
    # editor's counters (articles/js/admin-count.js).
    content_panels = [
        TitleFieldPanel(
            "title",
            heading=_("Headline"),
            placeholder=_("Headline"),
            help_text=_("One sentence, sentence case, no full stop; at most %(max)s characters.")
            % {"max": HEADLINE_MAX_LENGTH},
            attrs=counted(most=HEADLINE_MAX_LENGTH),
        ),
        FieldRowPanel([FieldPanel("story_type"), FieldPanel("kicker")]),
        FieldPanel(
            "summary",
            attrs=counted(
                most=400,
                about=160,
                note=_(
                    "Search results show about 160: write a search description on the "
                    "Promote tab, or the end is cut."
                ),
            ),
        ),
        MultiFieldPanel(
            [
                # With the photo's credit and default caption beside it.
                FieldPanel("lead_photo", widget=CreditedImageChooser),
                FieldPanel("lead_caption"),
                FieldPanel("lead_credit"),
                FieldPanel("lead_alt_text"),
            ],
            heading=_("Lead photo"),
        ),
        InlinePanel("bylines", heading=_("Bylines"), label=_("Byline"), min_num=0),
        FieldPanel("dateline"),
        FieldPanel("body", attrs={"data-newsroom-words": ""}),
        FieldPanel("related_links"),
        FieldPanel("tags"),
        InlinePanel(
            "notes",
            heading=_("Corrections and notes"),
            label=_("Note"),
            help_text=_(
                "A correction, clarification, editor's note or update, dated, for readers. "
                "Add a new note rather than rewriting an old one: every earlier wording "
                "stays in the revision history. Corrections and clarifications are listed "
                "on the corrections page."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("claim_reviewed"),
                FieldPanel("claim_author"),
                FieldPanel("claim_author_is_organization"),
                FieldPanel("claim_date"),
                FieldPanel("claim_url"),
                FieldPanel("claim_rating"),
            ],
            heading=_("Fact check"),
            help_text=_(
                "Only for the story type 'Fact check': the claim, who made it and the rating "
                "are needed to publish one. Readers and search engines see them."
            ),
            classname="collapsed",
        ),
    ]
    promote_panels = [
        HelpPanel(
            template="articles/admin/promote_previews.html",
            heading=_("How the story will look"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel(
                    "seo_title",
                    help_text=_(
                        "The title in search results. Leave empty to use the headline. "
                        "Search engines show about 60 characters."
                    ),
                    attrs=counted(about=60, note=_("Search results show about 60.")),
                ),
                FieldPanel(
                    "search_description",
                    help_text=_(
                        "The text under the title in search results. Leave empty to use the "
                        "summary. Search engines show about 160 characters."
                    ),
                    attrs=counted(about=160, note=_("Search results show about 160.")),
                ),
            ],
            heading=_("For search engines"),
        ),
        FieldPanel(
            "share_image",
            help_text=_(
                "Picture for social cards. Leave empty to use the lead photo. "
                "At least 1200 pixels wide."
            ),
        ),
    ]
    # The dates readers see; an update is marked at publish, next to its schedule.
    update_panel = MultiFieldPanel(
        [
            UpdateShownPanel(
                "updated_at",
                read_only=True,
                disable_comments=True,
                heading=_("Readers see"),
                help_text=_("The last substantive update, as readers see it."),
            ),
            FieldPanel("substantive_update"),
            FieldPanel("substantive_update_note", attrs=counted(most=UPDATE_NOTE_MAX_LENGTH)),
        ],
        heading=_("Substantive update"),
    )
    settings_panels = [FieldPanel("display_date"), update_panel] + Page.settings_panels

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
        APIField("story_type"),
        APIField("kicker"),
        APIField("summary"),
        APIField("dateline"),
        APIField("published_at"),
        APIField("updated_at"),
        APIField("update_note"),
        APIField("section_path", serializer=Computed(api.section_path)),
        APIField("bylines_data", serializer=Computed(api.bylines)),
        APIField("lead_photo_data", serializer=Computed(api.lead_photo)),
        APIField("body"),
        APIField("related", serializer=Computed(api.related_links)),
        APIField("tag_list", serializer=Computed(api.tags)),
        APIField("share_url", serializer=Computed(lambda page: page.full_url)),
    ]

    objects = StoryManager()

    exclude_fields_in_copy = [
        "external_id",
        "wire_status",
        # A copy is a new story: nobody has updated it yet.
        "substantive_update",
        "substantive_update_note",
        "updated_at",
        "update_note",
        "update_count",
        # Nor corrected anything: notes belong to the story they were written for.
        "notes",
    ]

    parent_page_types = ["newsroom_articles.SectionPage"]
    subpage_types = []

    template = "articles/article_page.html"

    class Meta:
        verbose_name = _("article")
        indexes = [models.Index(fields=["display_order_date", "page_ptr"])]

    def clean(self):
        super().clean()
        errors = {}
        if self.title and len(self.title) > HEADLINE_MAX_LENGTH:
            errors["title"] = _("Headlines are at most %(max)s characters; this one has %(n)s.") % {
                "max": HEADLINE_MAX_LENGTH,
                "n": len(self.title),
            }
        if self.substantive_update_note and not self.substantive_update:
            errors["substantive_update_note"] = _(
                "Readers see a note only with a substantive update: tick the box above, "
                "or leave the note empty."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.display_order_date = self.display_date or self.first_published_at
        super().save(*args, **kwargs)

    # Dates -----------------------------------------------------------------

    @property
    def published_at(self):
        return self.display_date or self.first_published_at or self.latest_revision_created_at

    @property
    def modified_at(self):
        """The last publish, typo fixes included: for machines (``dateModified``), not the
        visible label, which says ``updated_at``."""
        return self.last_published_at or self.published_at

    @property
    def update_shown_to_readers(self):
        if not self.updated_at:
            return _("No update yet: readers see only the publication time.")
        shown = _("Updated %(time)s") % {"time": reader_datetime(self.updated_at)}
        return f"{shown}: {self.update_note}" if self.update_note else shown

    # Substantive updates -----------------------------------------------------

    def with_content_json(self, content):
        """A revision's content on this story (see ``Page.with_content_json``).

        The update readers see belongs to the story, as ``first_published_at``
        does, not to a revision: it stays the live row's. And a revision written
        before the last update went live (republished after an unpublish, restored
        from history, a draft saved while its update was scheduled) no longer
        marks one: its box was for the update readers already see.
        """
        page = super().with_content_json(content)
        page.updated_at = self.updated_at
        page.update_note = self.update_note
        page.update_count = self.update_count
        if content.get("update_count", 0) != self.update_count:
            page.substantive_update = False
            page.substantive_update_note = ""
        return page

    def record_publish(self, *, alias=False):
        """This story has just gone live (``page_published``): if the publish was a
        substantive update, readers see its time and note from now on.

        The box and its note are cleared on the live row, which the next edit
        starts from, so the next publish (a typo fix) leaves the update alone. A
        first publication is no update. An alias shows its original's update.
        """
        if alias:
            changes = (
                type(self)
                .objects.filter(pk=self.alias_of_id)
                .values("updated_at", "update_note", "update_count")
                .first()
            ) or {}
        elif self.substantive_update and self.last_published_at != self.first_published_at:
            changes = {
                "updated_at": self.last_published_at,
                "update_note": self.substantive_update_note,
                "update_count": self.update_count + 1,
            }
        else:
            changes = {}
        if self.substantive_update or self.substantive_update_note:
            changes.update(substantive_update=False, substantive_update_note="")
        if changes:
            type(self).objects.filter(pk=self.pk).update(**changes)
            for name, value in changes.items():
                setattr(self, name, value)

    # Story type --------------------------------------------------------------

    @property
    def story_label(self):
        """What readers see above the headline: the type, but nothing for plain news."""
        return "" if self.story_type == StoryType.NEWS else self.get_story_type_display()

    @property
    def is_sponsored(self):
        return self.story_type == StoryType.SPONSORED

    @property
    def is_fact_check(self):
        return self.story_type == StoryType.FACT_CHECK

    @property
    def claim_rating_label(self):
        return self.get_claim_rating_display() if self.claim_rating else ""

    # Lead photo --------------------------------------------------------------

    @property
    def lead_use(self):
        """The lead photo with this story's caption, credit and alt text (``media.uses``)."""
        return photo_use(
            self.lead_photo,
            caption=self.lead_caption,
            credit=self.lead_credit,
            alt=self.lead_alt_text,
        )

    @property
    def lead_caption_text(self):
        return self.lead_use.caption

    @property
    def lead_credit_text(self):
        return self.lead_use.credit

    @property
    def lead_alt(self):
        return self.lead_use.alt

    @property
    def social_photo(self):
        return self.share_image or self.lead_photo

    def folded_search_text(self):
        parts = [self.title, self.summary, self.dateline]
        parts += self.body.stream_block.get_searchable_content(self.body)
        parts += [tag.name for tag in self.tags.all()]
        parts += [byline.author.name for byline in self.bylines.all()]
        return fold(strip_tags(" ".join(part for part in parts if part)))

    # Relations ---------------------------------------------------------------

    @cached_property
    def section(self):
        breadcrumbs = self.get_breadcrumbs()
        return breadcrumbs[-1] if breadcrumbs else None

    def get_breadcrumbs(self):
        return section_breadcrumbs(self.get_ancestor_chain())

    def get_related_stories(self, tags, limit=4):
        """Recent readable stories sharing the most tags, else from the same section."""
        return ArticlePage.objects.related_to(self, tags, self.section, limit=limit)

    # Reader page -------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(story_context(self, request, NewsroomSettings.for_request(request)))
        return context
