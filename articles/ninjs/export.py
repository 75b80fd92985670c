"""Published stories as ninjs 2.1, for partners and for our own re-import.

``article_to_ninjs`` is what ``<story-url>?format=ninjs`` returns. Everything
it writes, ``import_ninjs_document`` reads back to the same story, so wire
copy can go out and come in again without drifting.

A story's notes go out as ``descriptions`` with the role of their kind
(``correction``, ``clarification``, ``editorsnote``, ``update``), oldest
first: ninjs has no field of its own for a correction, and its descriptions
carry no date, so ``versioncreated`` moves to the newest note instead. The
importer leaves those roles alone (a partner's correction is theirs to word).
"""

import mimetypes
from datetime import UTC
from functools import partial
from urllib.parse import urlsplit

from django.utils.html import escape
from wagtail.images.models import SourceImageIOError

from media.loading import rendition as photo_rendition
from media.sizes import fallback_spec

from ..delivery.sites import absolute_url, site_root_url
from ..models import NewsroomSettings
from ..presentation.notes import ordered_notes
from .body import body_html

NINJS_STANDARD = {
    "name": "ninjs",
    "version": "2.1",
    "schema": "https://www.iptc.org/std/ninjs/ninjs-schema_2.1.json",
}
LEAD_NAME = "lead"
# The ninjs description role of each note kind (``articles.models.NoteKind``).
NOTE_ROLES = {
    "correction": "correction",
    "clarification": "clarification",
    "editors_note": "editorsnote",
    "update": "update",
}


def iso(moment):
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else None


def photo_uri(photo, request):
    """A stable identifier for a library photo (not a link: ninjs keeps those in renditions)."""
    return f"urn:newsroom:{urlsplit(site_root_url(request)).hostname}:photo:{photo.pk}"


def article_to_ninjs(page, request):
    """The published ``page`` as a ninjs 2.1 text item (a dict ready for JSON)."""
    newsroom = NewsroomSettings.for_request(request)
    bylines = page.bylines.select_related("author").order_by("sort_order")
    pictures = Pictures(request)
    if page.lead_photo:
        pictures.add(
            LEAD_NAME, page.lead_photo, page.lead_caption_text, page.lead_credit_text, page.lead_alt
        )
    body = body_html(page.body, pictures.inline_html, partial(absolute_url, request))
    notes = ordered_notes(page.notes.all())
    changed = [page.last_published_at or page.latest_revision_created_at]
    changed += [note.noted_at for note in notes]
    document = {
        "uri": page.external_id or page.get_full_url(request),
        "type": "text",
        "representationtype": "full",
        "standard": NINJS_STANDARD,
        "firstcreated": iso(page.display_date or page.first_published_at),
        "versioncreated": iso(max(moment for moment in changed if moment is not None)),
        "pubstatus": "usable",
        "language": newsroom.language,
        "headlines": [{"role": "main", "value": page.title}],
        "descriptions": [{"role": "summary", "value": page.summary}]
        + [{"role": NOTE_ROLES.get(note.kind, note.kind), "value": note.text} for note in notes],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": body}],
        "by": ", ".join(byline.author.name for byline in bylines),
        "located": page.dateline,
        "subjects": [
            {"name": name}
            for name in sorted((tag.name for tag in page.tags.all()), key=str.casefold)
        ],
        "associations": pictures.associations,
    }
    return {key: value for key, value in document.items() if value not in ("", None, [])}


class Pictures:
    """The photos of one story as picture associations, named ``lead``, ``photo2``…"""

    def __init__(self, request):
        self.request = request
        self.associations = []

    def add(self, name, photo, caption, credit, alt):
        descriptions = [
            {"role": "caption", "value": caption},
            {"role": "creditline", "value": credit},
            {"role": "alt", "value": alt},
        ]
        try:
            rendition = photo_rendition(photo, fallback_spec("lead", 1200))
        except SourceImageIOError:
            # The file is gone from storage: the picture is still described, not linked.
            rendition = None
        self.associations.append(
            {
                "name": name,
                "uri": photo_uri(photo, self.request),
                "type": "picture",
                "headlines": [{"value": photo.title}],
                "descriptions": [entry for entry in descriptions if entry["value"]],
                "by": credit,
                "renditions": [self.rendition(rendition)] if rendition else [],
            }
        )
        return rendition

    def rendition(self, rendition):
        return {
            "name": "web",
            "href": absolute_url(self.request, rendition.url),
            "contenttype": mimetypes.guess_type(rendition.file.name)[0] or "",
            "width": rendition.width,
            "height": rendition.height,
        }

    def inline_html(self, block):
        """An inline photo: an association, and a figure in the body saying where it goes."""
        value = block.value
        photo = value.get("photo")
        if photo is None:
            return ""
        name = f"photo{len(self.associations) + 1}"
        caption = value.caption_text
        rendition = self.add(name, photo, caption, value.credit_text, value.alt)
        img = (
            f'<img src="{escape(absolute_url(self.request, rendition.url))}" '
            f'alt="{escape(value.alt)}"/>'
            if rendition
            else ""
        )
        figcaption = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
        return f'<figure data-assoc-ref="{name}">{img}{figcaption}</figure>'
