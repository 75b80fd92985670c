"""The one page model a host site brings: a home page above the sections."""

from wagtail.models import Page

from articles.models import FrontPageMixin
from articles.preview import PreviewMixin
from articles.routing import PathRoutingMixin


class HomePage(FrontPageMixin, PreviewMixin, PathRoutingMixin, Page):
    """A host's front page: the editors' slots, then the newest stories of every section."""

    content_panels = Page.content_panels + FrontPageMixin.front_panels
    subpage_types = ["newsroom_articles.SectionPage"]
    max_count_per_parent = 1
    front_latest = 10
