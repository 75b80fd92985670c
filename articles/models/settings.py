"""The site-wide newsroom settings: who publishes, and what every page shows around the story."""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Page

from .. import visibility
from ..blocks import AppLinkBlock, SocialAccountBlock
from ..delivery import sites
from ..delivery.generation import cache_timeout, render_generation
from ..presentation.share import NETWORKS

# The publisher's policy pages (the Trust Project's, as schema.org names them on a
# NewsMediaOrganization): the settings field, the schema.org property, what
# readers see in the footer, and what the editor is told.
POLICIES = (
    ("ethics_policy", "ethicsPolicy", _("Ethics policy"), _("The standards the newsroom keeps.")),
    (
        "corrections_policy",
        "correctionsPolicy",
        _("Corrections policy"),
        _("How and when the newsroom corrects its stories."),
    ),
    ("masthead", "masthead", _("Masthead"), _("Who runs the newsroom: its editors and owners.")),
    (
        "ownership_funding_info",
        "ownershipFundingInfo",
        _("Ownership and funding"),
        _("Who owns and who pays for the newsroom."),
    ),
    (
        "actionable_feedback_policy",
        "actionableFeedbackPolicy",
        _("Feedback policy"),
        _("How readers reach the newsroom, and what it does with what they say."),
    ),
    (
        "verification_fact_checking_policy",
        "verificationFactCheckingPolicy",
        _("Verification and fact-checking"),
        _("How the newsroom checks what it publishes."),
    ),
    (
        "unnamed_sources_policy",
        "unnamedSourcesPolicy",
        _("Unnamed sources policy"),
        _("When the newsroom quotes a source it does not name."),
    ),
    (
        "diversity_policy",
        "diversityPolicy",
        _("Diversity policy"),
        _("How the newsroom reflects the people it covers."),
    ),
    (
        "no_bylines_policy",
        "noBylinesPolicy",
        _("No-bylines policy"),
        _("Why some stories carry no byline."),
    ),
)


def policy_page_field(label, help_text):
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


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
    ethics_policy = policy_page_field(*POLICIES[0][2:])
    corrections_policy = policy_page_field(*POLICIES[1][2:])
    masthead = policy_page_field(*POLICIES[2][2:])
    ownership_funding_info = policy_page_field(*POLICIES[3][2:])
    actionable_feedback_policy = policy_page_field(*POLICIES[4][2:])
    verification_fact_checking_policy = policy_page_field(*POLICIES[5][2:])
    unnamed_sources_policy = policy_page_field(*POLICIES[6][2:])
    diversity_policy = policy_page_field(*POLICIES[7][2:])
    no_bylines_policy = policy_page_field(*POLICIES[8][2:])

    panels = [
        FieldPanel("publisher_name"),
        FieldPanel("publisher_logo"),
        FieldPanel("language"),
        FieldPanel("share_networks"),
        FieldPanel("social_accounts"),
        FieldPanel("alternate_addresses"),
        FieldPanel("app_links"),
        MultiFieldPanel(
            [FieldPanel(field) for field, *_rest in POLICIES],
            heading=_("Policies"),
            help_text=_(
                "The pages where readers learn how the newsroom works. Each page picked is "
                "linked from the footer and named to search engines, once it is published "
                "and public."
            ),
        ),
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

    def __getstate__(self):
        # Policy pages read for a story's render (``presentation.story.render_inputs``)
        # are for that request: the cache keeps their links on its own terms.
        state = super().__getstate__()
        state.pop("newsroom_policy_pages", None)
        return state

    @property
    def publisher_display_name(self):
        return self.publisher_name or settings.WAGTAIL_SITE_NAME

    @property
    def share_network_keys(self):
        keys = [block.value for block in self.share_networks if block.value in NETWORKS]
        return list(dict.fromkeys(keys)) or list(NETWORKS)

    @classmethod
    def names_policy(cls, page):
        """Whether any site's settings pick ``page`` (or a page under it) as a policy page."""
        pages = Page.objects.filter(path__startswith=page.path).values("pk")
        condition = models.Q()
        for field, *_rest in POLICIES:
            condition |= models.Q(**{f"{field}__in": pages})
        return cls.objects.filter(condition).exists()

    def policy_pages_to_read(self, request):
        """The ids of the policy pages picked, when ``policy_links`` would read them:
        none while their links are cached for the render generation."""
        ids = [getattr(self, f"{field}_id") for field, *_rest in POLICIES]
        stored = cache.get(self._policies_key())
        if stored is not None and stored[0] == render_generation(request):
            return []
        return [pk for pk in ids if pk is not None]

    def _policies_key(self):
        return f"newsroom:policies:{self.pk}"

    def policy_links(self, request):
        """The policy pages readers may see, in ``POLICIES`` order, as ``property``,
        ``label`` and ``url`` (a path on the site, or absolute on another).

        One query (none in a story's render, which reads them with the pages
        the story links to), then none while the render generation holds (a policy
        page published, unpublished or made private, or the settings saved,
        moves it on); none at all when no policy page is picked.
        """
        ids = {field: getattr(self, f"{field}_id") for field, *_rest in POLICIES}
        if not any(ids.values()):
            return []
        generation = render_generation(request)
        key = self._policies_key()
        stored = cache.get(key)
        if stored is None or stored[0] != generation:
            stored = (generation, self._readable_policies(ids, request))
            cache.set(key, stored, cache_timeout())
        labels = {prop: label for _field, prop, label, _help in POLICIES}
        return [{**link, "label": labels[link["property"]]} for link in stored[1]]

    def _readable_policies(self, ids, request):
        loaded = getattr(self, "newsroom_policy_pages", None)
        if loaded is not None:
            # Read with the story's linked pages, each marked private or not.
            pages = {
                pk: page for pk, page in loaded.items() if page.live and not page.newsroom_private
            }
        else:
            pages = {
                page.pk: page
                for page in visibility.readable(
                    Page.objects.filter(pk__in=set(ids.values()) - {None})
                )
            }
        links = []
        for field, prop, _label, _help in POLICIES:
            page = pages.get(ids[field])
            url = page.get_url(request=request) if page is not None else None
            if url:
                links.append({"property": prop, "url": url})
        return links
