from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from articles.models import FrontPageMixin
from articles.preview import PreviewMixin
from articles.routing import PathRoutingMixin


class HomePage(FrontPageMixin, PreviewMixin, PathRoutingMixin, Page):
    """The front page: a lead story, featured stories and section rails the editors
    arrange, then the latest stories across every section."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = (
        Page.content_panels + [FieldPanel("introduction")] + FrontPageMixin.front_panels
    )
    subpage_types = ["newsroom_articles.SectionPage", "newsroom.AboutPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    @property
    def description(self):
        """What the front page's social card says (``{% social_meta %}``)."""
        return self.introduction


ABOUT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class AboutPage(PreviewMixin, Page):
    """A page about the newsroom itself: its ethics policy, corrections policy, masthead,
    ownership and funding. Pick each in the newsroom settings (Policies) to link it from
    the footer and name it to search engines."""

    body = RichTextField(_("body"), features=ABOUT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["newsroom.HomePage", "newsroom.AboutPage"]
    subpage_types = ["newsroom.AboutPage"]
    template = "newsroom/about_page.html"

    class Meta:
        verbose_name = _("about page")
