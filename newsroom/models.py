from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
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
    subpage_types = ["newsroom_articles.SectionPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
