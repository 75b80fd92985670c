"""Authors: the bylines of stories, staff or agency."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.search import index

from ..blocks import SocialAccountBlock
from ..text import safe_href, slug_for
from .querysets import AuthorQuerySet


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
    social_accounts = StreamField(
        [("account", SocialAccountBlock())],
        blank=True,
        verbose_name=_("social accounts"),
        help_text=_(
            "The author's own accounts elsewhere (https:// addresses only): linked from "
            "their page as theirs, and told to search engines as the same person."
        ),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("admin user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text=_(
            "The account that writes as this author: the stories they start carry this byline."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("url"),
        FieldPanel("social_accounts"),
        FieldPanel("user"),
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

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slug_for(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if any(not is_https(block.value["url"]) for block in self.social_accounts):
            raise ValidationError(
                {"social_accounts": _("Each account's address must start with https://.")}
            )

    @property
    def is_organization(self):
        return self.kind == self.Kind.AGENCY

    @property
    def social_links(self):
        """The author's accounts with an https address, each once, in the editor's order."""
        seen, links = set(), []
        for block in self.social_accounts:
            url = block.value["url"]
            if is_https(url) and url not in seen:
                seen.add(url)
                links.append(block.value)
        return links

    @property
    def same_as(self):
        """schema.org ``sameAs``: the addresses of the author's accounts."""
        return [account["url"] for account in self.social_links]


def is_https(url):
    """Whether ``url`` is a safe https:// address (accounts elsewhere, never a path here)."""
    url = safe_href(url)
    return bool(url) and urlsplit(url).scheme.lower() == "https" and bool(urlsplit(url).netloc)
