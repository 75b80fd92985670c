"""Sections: the tree stories are filed in, each with its listing and feeds."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.template.response import TemplateResponse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from .. import conf, visibility
from ..delivery.preview import PreviewMixin
from ..delivery.routing import ChainAwareMixin, PathRoutingMixin
from ..presentation.listings import listing_photos
from ..presentation.pagination import paginate_notes, paginate_stories, stories_per_page


class SectionPage(PreviewMixin, RoutablePageMixin, PathRoutingMixin, ChainAwareMixin, Page):
    """A section of the site (News, Turkey, Sport). Sections nest to any depth;
    a section lists the stories in it and in its sub-sections."""

    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One or two sentences shown under the section name and to search engines."),
    )

    content_panels = Page.content_panels + [FieldPanel("description")]

    subpage_types = ["newsroom_articles.SectionPage", "newsroom_articles.ArticlePage"]
    # A new section is in the site's navigation once published (only the
    # top-level ones are shown there); the editor can untick it.
    show_in_menus_default = True

    api_fields = [APIField("description")]

    template = "articles/section_page.html"

    # The feeds are built on the stories (a layer above): named, resolved when served.
    feed_classes = {
        "rss_feed": "articles.feeds.SectionFeed",
        "atom_feed": "articles.feeds.SectionAtomFeed",
        "corrections_feed": "articles.feeds.SectionCorrectionsFeed",
        "corrections_atom_feed": "articles.feeds.SectionCorrectionsAtomFeed",
    }

    class Meta:
        verbose_name = _("section")

    def get_stories(self):
        # Stories are filed under sections, so their model comes later: by name.
        return (
            apps.get_model("newsroom_articles", "ArticlePage")
            .objects.descendant_of(self)
            .for_listing()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = paginate_stories(request, self.get_stories(), stories_per_page())
        context["stories"] = stories
        context["newsroom_photos"] = listing_photos(stories)
        context["breadcrumbs"] = self.get_breadcrumbs()
        context["subsections"] = self.get_subsections()
        context["show_breadcrumbs"] = conf.get("NEWSROOM_BREADCRUMBS")
        return context

    def get_subsections(self):
        """The sections directly below this one a reader may see, in the page tree's order."""
        return list(
            visibility.readable(SectionPage.objects.child_of(self))
            .only("id", "path", "depth", "url_path", "title", "slug", "live", "locale_id")
            .order_by("path")
        )

    def get_breadcrumbs(self):
        return section_breadcrumbs(self.get_ancestor_chain())

    def get_cached_paths(self):
        """The listing, corrections and feeds: what a front-end cache keeps of a section."""
        resolver = self.get_resolver()
        names = ["corrections", *self.feed_classes]
        return ["/"] + ["/" + resolver.reverse(name) for name in names]

    def serve_feed(self, request, name):
        return import_string(self.feed_classes[name])()(request, section=self)

    @path("feed/", name="rss_feed")
    def rss_feed(self, request):
        return self.serve_feed(request, "rss_feed")

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        return self.serve_feed(request, "atom_feed")

    @path("corrections/", name="corrections")
    def corrections(self, request):
        """The corrections and clarifications on this section's stories, newest first."""
        notes = apps.get_model("newsroom_articles", "StoryNote").objects.listed(self.get_stories())
        return TemplateResponse(
            request,
            "articles/corrections.html",
            {
                "page": self,
                "self": self,
                "section": self,
                "corrections_listing": True,
                "notes": paginate_notes(request, notes, stories_per_page()),
                "breadcrumbs": self.get_breadcrumbs() + [self],
                "show_breadcrumbs": conf.get("NEWSROOM_BREADCRUMBS"),
            },
        )

    @path("corrections/feed/", name="corrections_feed")
    def corrections_feed(self, request):
        return self.serve_feed(request, "corrections_feed")

    @path("corrections/feed/atom/", name="corrections_atom_feed")
    def corrections_atom_feed(self, request):
        return self.serve_feed(request, "corrections_atom_feed")


def section_breadcrumbs(chain):
    """The sections among ``chain`` (a page's ancestors), from the top down."""
    section_type = ContentType.objects.get_for_model(SectionPage).id
    return [page for page in chain if page.content_type_id == section_type]
