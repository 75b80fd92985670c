"""Front pages an editor arranges: a lead, featured stories and section rails."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from ..blocks import FrontBlock
from ..presentation.front import LATEST, resolve_front


class FrontPageMixin(models.Model):
    """For a host's home page (or any page above the stories): a ``front`` the editors
    arrange in the admin, resolved for readers with the newest stories filling the
    rest (``articles.presentation.front``).

    Add ``FrontPageMixin.front_panels`` to the page's ``content_panels``; the
    template gets ``front`` (lead, featured, rails, latest) and can include
    ``articles/includes/front.html``.
    """

    front = StreamField(
        FrontBlock(),
        blank=True,
        verbose_name=_("front page"),
        help_text=_(
            "What readers see first: a lead story, featured stories and section rails, in "
            "that order on the page. Everything else on the page is the newest stories not "
            "shown above. A slot pinned until a time is filled automatically after it."
        ),
    )

    # How many of the newest stories follow the slots.
    front_latest = LATEST
    front_panels = [FieldPanel("front")]

    class Meta:
        abstract = True

    def get_front(self, request=None):
        return resolve_front(self, request, latest=self.front_latest)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        front = self.get_front(request)
        context["front"] = front
        context["newsroom_photos"] = front.photos
        return context
