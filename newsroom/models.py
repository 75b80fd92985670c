from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from articles.models import ArticlePage
from articles.presentation.listings import listing_photos
from articles.preview import PreviewMixin
from articles.routing import PathRoutingMixin


class HomePage(PreviewMixin, PathRoutingMixin, Page):
    """The front page: the latest stories across every section."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    subpage_types = ["newsroom_articles.SectionPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    @property
    def description(self):
        """What the front page's social card says (``{% social_meta %}``)."""
        return self.introduction

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = list(ArticlePage.objects.descendant_of(self).for_listing()[:13])
        context.update(
            {
                "lead_story": stories[0] if stories else None,
                "stories": stories[1:],
                "newsroom_photos": listing_photos(stories, ["teaser", "lead"]),
            }
        )
        return context
