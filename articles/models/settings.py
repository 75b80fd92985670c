"""The site-wide newsroom settings: who publishes, and what every page shows around the story."""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string

from ..blocks import AppLinkBlock, SocialAccountBlock
from ..delivery import sites
from ..presentation.share import NETWORKS


def share_network_choices():
    return [(key, network.label) for key, network in NETWORKS.items()]


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
        [("network", blocks.ChoiceBlock(choices=share_network_choices, icon="link"))],
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
        # From the cache (``articles.delivery.sites``), else read first: Wagtail's
        # get_or_create always asks the primary database, even for a reader
        # request that a read replica could answer. A site without settings yet gets
        # them created once, and remembered like any others.
        if site is None:
            return super().for_site(site)
        key = sites.settings_key(site.pk)
        instance = cache.get(key)
        if instance is None:
            instance = cls.base_queryset().filter(site=site).first() or super().for_site(site)
            cache.set(key, instance, sites.TIMEOUT)
        return instance

    @property
    def publisher_display_name(self):
        return self.publisher_name or settings.WAGTAIL_SITE_NAME

    @property
    def share_network_keys(self):
        keys = [block.value for block in self.share_networks if block.value in NETWORKS]
        return list(dict.fromkeys(keys)) or list(NETWORKS)
