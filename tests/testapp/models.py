"""The one page model a host site brings: a home page above the sections."""

from wagtail.models import Page

from articles.models import ArticlePage
from articles.presentation.listings import listing_photos
from articles.preview import PreviewMixin
from articles.routing import PathRoutingMixin


class HomePage(PreviewMixin, PathRoutingMixin, Page):
    """A host's front page: the newest stories of every section."""

    subpage_types = ["newsroom_articles.SectionPage"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = list(ArticlePage.objects.descendant_of(self).for_listing()[:10])
        context["stories"] = stories
        context["newsroom_photos"] = listing_photos(stories)
        return context
