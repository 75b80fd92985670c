"""Authors: the bylines of stories, staff or agency."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.images import get_image_model_string
from wagtail.search import index

from ..text import slug_for
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

    @property
    def is_organization(self):
        return self.kind == self.Kind.AGENCY
