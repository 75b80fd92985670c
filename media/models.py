"""What the newsroom keeps about every photo, beside the host site's own image model.

Wagtail sites already have an image model (Wagtail's own, or their custom
one) holding years of images, referenced by their pages, StreamField blocks
and rich text by id. Newsroom never replaces it: the credit, the usage notes
and the default caption live in ``PhotoDetails``, one row per image, keyed by
the image's own primary key. Alt text is the image model's ``description``,
which Wagtail already uses as every image's default alt text.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model_string

# Between a photographer and an agency ("Jane Doe/Reuters"): PostgreSQL's
# full-text parser reads "Doe/Reuters" as one file path, so the agency alone
# would find nothing.
CREDIT_SEPARATORS = re.compile(r"[/\\|]+")


class PhotoDetails(models.Model):
    """The credit, usage notes and default caption of one image in the library.

    The credit belongs to the photo (the licence holder) and follows it into
    every story that uses it; the caption is only a default, which each story
    may replace. An image with no row yet (one uploaded before Newsroom was
    installed, say) reads as having none of them: ``media.details``.
    """

    image = models.OneToOneField(
        get_image_model_string(),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="newsroom_details",
        verbose_name=_("image"),
    )
    # Required for every upload through the admin (``media.forms``), not by the
    # database: images a site had before Newsroom have none until the photo desk
    # fills it in (the "Photos without credit" report).
    credit = models.CharField(
        _("credit"),
        max_length=255,
        blank=True,
        help_text=_(
            "Agency or photographer who holds the rights, e.g. 'AFP' or 'Jane Doe/Reuters'. "
            "Shown as '(Photo by …)' wherever the photo is used."
        ),
    )
    copyright = models.CharField(
        _("copyright and usage notes"),
        max_length=500,
        blank=True,
        help_text=_("Licence, embargo or usage restrictions. Not shown to readers."),
    )
    default_caption = models.TextField(
        _("default caption"),
        blank=True,
        help_text=_(
            "Suggested caption: what the photo shows, who distributed it and when. "
            "Each story can write its own."
        ),
    )

    # Not a "use" of the image in Wagtail's usage listing.
    wagtail_reference_index_ignore = True

    # Set by ``media.details.save_details`` when the image itself is new, so the
    # details show on no page yet (receivers of post_save need not purge).
    new_image = False

    class Meta:
        verbose_name = _("photo details")
        verbose_name_plural = _("photo details")

    def __str__(self):
        return self.credit or str(self.pk)

    def credit_words(self):
        """The credit as search reads it: each name a word of its own."""
        return CREDIT_SEPARATORS.sub(" ", self.credit)
