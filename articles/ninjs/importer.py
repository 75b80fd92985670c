"""Wire copy in ninjs turned into stories, one transaction per item.

Each item becomes an ``ArticlePage`` in the chosen section, or updates the
story that came from the same ``uri`` wherever an editor has since moved it:
a new revision, published as an editor would. ``pubstatus`` decides what
readers see: ``usable`` publishes, ``withheld`` unpublishes, ``canceled``
unpublishes and marks the story (``wire_status``) so editors know it was
killed. An item that cannot be imported is rejected whole: its pages, authors,
photos and photo files are rolled back, and the batch goes on.
"""

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import uri_to_iri
from django.utils.text import Truncator
from wagtail.models import Site
from wagtail.rich_text import RichText

from media.details import alt_of, details_of

from .. import conf
from ..models import ArticleByline, ArticlePage, Author, SectionPage
from ..text import slug_for
from .body import BodyReader
from .pictures import check_image, photo_for, picture_file
from .reader import NinjsError, html_text, read_story

logger = logging.getLogger(__name__)

SUMMARY_MAX_LENGTH = 400
SLUG_MAX_LENGTH = 80

# Page fields and the ninjs fields they come from, to name the field at fault.
MODEL_TO_NINJS = {
    "title": "headlines",
    "slug": "headlines",
    "summary": "descriptions",
    "body": "bodies",
    "dateline": "located",
    "lead_photo": "associations",
    "lead_caption": "associations",
    "display_date": "firstcreated",
    "external_id": "uri",
}


def max_document_size():
    return conf.get("NEWSROOM_NINJS_MAX_DOCUMENT_SIZE")


class SectionNotFound(LookupError):
    pass


def find_section(path, site=None):
    """The section at ``path`` (``news/turkey``) below the site's home page."""
    site = site or Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise SectionNotFound("There is no site to import into.")
    clean = path.strip().strip("/")
    url_path = f"{site.root_page.url_path}{clean}/"
    section = SectionPage.objects.filter(url_path=url_path).first() if clean else None
    if section is None:
        raise SectionNotFound(f"No section at /{clean}/ on {site.hostname}.")
    return section


@dataclass
class ImportResult:
    """What became of one item, told as a line to the editor."""

    item: str
    uri: str = ""
    action: str = ""  # created, updated or skipped; empty when rejected
    page: object = None
    error: NinjsError = None
    notes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def ok(self):
        return self.error is None

    def __str__(self):
        if self.error is not None:
            return f"rejected: {self.error.item} {self.error.field}: {self.error.message}"
        # The address as readers see it, with its letters rather than %-escapes.
        target = f" → {uri_to_iri(self.page.get_full_url())}" if self.page is not None else ""
        return f"ok: {self.uri}{target} ({', '.join([self.action, *self.notes])})"


@dataclass
class LoadedPicture:
    """A picture association with its library photo."""

    name: str
    photo: object
    caption: str
    credit: str
    alt: str

    def use(self):
        """Caption, credit and alt text for this use: empty where the photo's own apply."""
        details = details_of(self.photo)
        return {
            "caption": "" if self.caption == details.default_caption else self.caption,
            "credit": "" if self.credit in ("", details.credit) else self.credit[:255],
            "alt_text": "" if self.alt in ("", alt_of(self.photo)) else self.alt[:500],
        }


# Batches ------------------------------------------------------------------


def import_ninjs_files(paths, section, *, root=None, user=None):
    """Import every item in the ninjs files at ``paths``; one result per item.

    Pictures are looked up next to each document and must stay inside
    ``root`` (default: the document's own folder).
    """
    results = []
    for path in map(Path, paths):
        label = os.path.relpath(path, root) if root else os.fspath(path)
        folder = path.parent
        for item, document in read_documents(path, label):
            if isinstance(document, NinjsError):
                results.append(ImportResult(item=item, error=document))
                continue
            results.append(
                import_item(
                    document, section, folder=folder, root=root or folder, user=user, item=item
                )
            )
    return results


def read_documents(path, label):
    """``(item, document)`` for each item in one file: an object or a list of them.

    A file that is not JSON yields its ``NinjsError`` in place of a document.
    """
    try:
        if path.stat().st_size > max_document_size():
            raise NinjsError(f"{label}#1", "document", "file too large for a news item")
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except NinjsError as error:
        yield error.item, error
        return
    except OSError as error:
        yield f"{label}#1", NinjsError(f"{label}#1", "document", f"cannot read: {error.strerror}")
        return
    except UnicodeDecodeError:
        yield f"{label}#1", NinjsError(f"{label}#1", "document", "not UTF-8 text")
        return
    except (ValueError, RecursionError) as error:
        yield f"{label}#1", NinjsError(f"{label}#1", "document", f"not JSON ({error})")
        return
    documents = data if isinstance(data, list) else [data]
    for number, document in enumerate(documents, start=1):
        yield f"{label}#{number}", document


def import_item(document, section, *, folder, root=None, user=None, item="document"):
    """Import one parsed document and say what happened; never raises for bad input."""
    try:
        return import_ninjs_document(
            document, section, folder=folder, root=root, user=user, item=item
        )
    except NinjsError as error:
        return ImportResult(item=item, uri=_uri(document), error=error)
    except Exception:
        # A bug must not cost the editor the rest of the batch.
        logger.exception("ninjs import of %s failed", item)
        error = NinjsError(item, "document", "unexpected error while importing (see the log)")
        return ImportResult(item=item, uri=_uri(document), error=error)


def _uri(document):
    uri = document.get("uri") if isinstance(document, dict) else None
    return uri if isinstance(uri, str) else ""


def import_ninjs_document(document, section, *, folder, root=None, user=None, item="document"):
    """Create or update the story for one ninjs ``document`` (a parsed JSON object).

    Raises ``NinjsError`` when the item cannot be imported; nothing of it is
    then left behind, photo files included. With a ``user``, their page
    permissions apply: what they may not publish stays a draft.
    """
    story = read_story(document, item)
    stored = []
    try:
        with transaction.atomic():
            return StoryImport(
                story, section, folder=Path(folder), root=Path(root or folder), user=user
            ).run(stored)
    except BaseException:
        for file in stored:
            file.storage.delete(file.name)
        raise


# One story -----------------------------------------------------------------


class StoryImport:
    """Maps one ``WireStory`` on to a new or existing ``ArticlePage``."""

    def __init__(self, story, section, *, folder, root, user=None):
        self.story = story
        self.section = section
        self.folder = folder
        self.root = root
        self.user = user
        self.result = ImportResult(item=story.item, uri=story.uri, warnings=list(story.warnings))

    def error(self, field, message):
        return NinjsError(self.story.item, field, message)

    def warn(self, message):
        self.result.warnings.append(message)

    def run(self, stored):
        story = self.story
        existing = ArticlePage.objects.filter(external_id=story.uri).first()
        if existing is None and story.pubstatus == "canceled":
            self.result.action = "skipped"
            self.result.notes.append("canceled before it was ever imported")
            return self.result
        if existing is not None:
            self.check_can_edit(existing)
            page = existing.get_latest_revision_as_object()
        else:
            self.check_can_add()
            page = ArticlePage(external_id=story.uri, owner=self.user, live=False)
            page.slug = self.free_slug()
        pictures = self.load_pictures(stored)
        self.fill(page, pictures)
        if existing is None:
            self.section.add_child(instance=page)
        self.save(page, existing)
        self.result.action = "updated" if existing else "created"
        self.result.page = page
        return self.result

    # Permissions ---------------------------------------------------------

    def check_can_add(self):
        if self.user is not None:
            if not self.section.permissions_for_user(self.user).can_add_subpage():
                raise self.error("uri", f"you may not add stories to {self.section.title}")

    def check_can_edit(self, page):
        if page.locked and (self.user is None or page.locked_by_id != self.user.pk):
            raise self.error("uri", f"'{page.title}' is locked in the admin; unlock it first")
        if self.user is not None and not page.permissions_for_user(self.user).can_edit():
            raise self.error("uri", f"this updates '{page.title}', which you may not edit")

    def may_publish(self, page, existing):
        if self.user is None:
            return True
        if existing is None:
            return self.section.permissions_for_user(self.user).can_publish_subpage()
        return page.permissions_for_user(self.user).can_publish()

    # Content -------------------------------------------------------------

    def free_slug(self):
        """The headline as a slug, with -2, -3… when another story in the section has it."""
        base = slug_for(self.story.headline)[:SLUG_MAX_LENGTH].strip("-")
        base = base or "story"
        taken = set(
            self.section.get_children().filter(slug__startswith=base).values_list("slug", flat=True)
        )
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    def load_pictures(self, stored):
        loaded = []
        for picture in self.story.pictures:
            path, field = picture_file(picture, self.folder, self.root, self.story.item)
            if path is None:
                self.warn(
                    f"{picture.field}.renditions: no picture file sent with the story "
                    "(web addresses are not fetched); it was left out"
                )
                continue
            check_image(path, self.story.item, field)
            photo, _ = photo_for(picture, path, self.story.item, stored)
            loaded.append(
                LoadedPicture(
                    name=picture.name,
                    photo=photo,
                    caption=picture.caption,
                    credit=picture.credit,
                    alt=picture.alt,
                )
            )
        return loaded

    def fill(self, page, pictures):
        story = self.story
        lead, others = (pictures[0], pictures[1:]) if pictures else (None, [])
        page.title = story.headline
        page.body = self.body_blocks(others)
        page.summary = self.summary(page.body)
        page.dateline = story.located[:80]
        page.display_date = story.firstcreated or page.display_date
        now = timezone.now()
        # An embargo schedules the story: Wagtail publishes it at go_live_at.
        page.go_live_at = story.embargoed if story.embargoed and story.embargoed > now else None
        page.wire_status = story.pubstatus
        page.tags.set(story.tags)
        page.bylines = [
            ArticleByline(author=author, sort_order=i) for i, author in enumerate(self.authors())
        ]
        if lead is not None:
            use = lead.use()
            page.lead_photo = lead.photo
            page.lead_caption = use["caption"]
            page.lead_credit = use["credit"]
            page.lead_alt_text = use["alt_text"]
        elif page.lead_photo_id:
            self.warn("associations: no picture imported; the story keeps its lead photo")

    def body_blocks(self, pictures):
        """Body blocks in reading order; pictures the body does not place go at the end."""
        story = self.story
        reader = BodyReader(story.headline)
        pieces = reader.read_html(story.body_html) if story.body_html else []
        if not pieces and story.body_text:
            pieces = reader.read_text(story.body_text)
        self.result.warnings += [f"bodies: {warning}" for warning in reader.warnings]
        if not any(kind == "paragraph" for kind, _ in pieces):
            raise self.error("bodies", "no text: a story needs at least one paragraph")
        unplaced = {picture.name: picture for picture in pictures}
        blocks = []
        for kind, value in pieces:
            if kind == "paragraph":
                blocks.append(("paragraph", RichText(value)))
            elif kind == "picture":
                if value in unplaced:
                    blocks.append(("inline_photo", self.inline_photo(unplaced.pop(value))))
            else:
                blocks.append((kind, value))
        blocks += [("inline_photo", self.inline_photo(picture)) for picture in unplaced.values()]
        return blocks

    @staticmethod
    def inline_photo(picture):
        return {"photo": picture.photo, **picture.use()}

    def summary(self, body):
        summary = self.story.summary
        if not summary:
            first = next(block for block in body if block.block_type == "paragraph")
            summary = html_text(first.value.source.split("</p>", 1)[0])
            self.warn("descriptions: no summary sent; the first paragraph stands in")
        if len(summary) > SUMMARY_MAX_LENGTH:
            self.warn(f"descriptions: summary cut to {SUMMARY_MAX_LENGTH} characters")
            summary = Truncator(summary).chars(SUMMARY_MAX_LENGTH)
        return summary

    def authors(self):
        """Byline authors, found by slug or created (agencies as agencies)."""
        agencies = {name.casefold() for name in self.story.agencies}
        authors = []
        for name in self.story.bylines:
            slug = slug_for(name)[:120]
            if not slug:
                continue
            kind = Author.Kind.AGENCY if name.casefold() in agencies else Author.Kind.CONTRIBUTOR
            # An author created before slugs lost their diacritics keeps theirs.
            legacy = slug_for(name, allow_unicode=True)[:120]
            found = {a.slug: a for a in Author.objects.filter(slug__in={slug, legacy})}
            author = found.get(slug) or found.get(legacy)
            if author is None:
                author, _ = Author.objects.get_or_create(
                    slug=slug, defaults={"name": name, "kind": kind}
                )
            if author not in authors:
                authors.append(author)
        return authors

    # Saving --------------------------------------------------------------

    def save(self, page, existing):
        """Validate, save a revision and publish or unpublish as ``pubstatus`` says."""
        story = self.story
        publish = story.pubstatus == "usable"
        if publish and not page.lead_photo_id:
            publish = False
            self.result.notes.append("draft: it needs a lead photo to publish")
        elif publish and not self.may_publish(page, existing):
            publish = False
            self.result.notes.append("draft: you may not publish here")
        self.validate(page, publish)
        revision = page.save_revision(user=self.user, log_action=True, clean=False)
        # The live row keeps the wire status even while the new revision is a draft.
        ArticlePage.objects.filter(pk=page.pk).update(wire_status=story.pubstatus)
        if publish:
            revision.publish(user=self.user, skip_permission_checks=True)
            self.after_publish(page)
        elif story.pubstatus != "usable":
            self.take_down(page)

    def validate(self, page, publish):
        # Drafts may lack a lead photo, as in the editor; everything else is checked.
        exclude = None if publish else ["lead_photo"]
        try:
            page.full_clean(exclude=exclude)
        except ValidationError as error:
            name, messages = next(iter(error.message_dict.items()))
            raise self.error(MODEL_TO_NINJS.get(name, name), " ".join(messages)) from error

    def after_publish(self, page):
        page.refresh_from_db()
        if page.go_live_at and not page.live:
            self.result.notes.append(f"scheduled for {page.go_live_at:%Y-%m-%d %H:%M %Z} (embargo)")
            return
        self.result.notes.append("published")
        if self.story.versioncreated:
            # Readers see the agency's update time, not the moment of import.
            ArticlePage.objects.filter(pk=page.pk).update(
                last_published_at=self.story.versioncreated
            )
            page.last_published_at = self.story.versioncreated

    def take_down(self, page):
        live = ArticlePage.objects.get(pk=page.pk)
        if live.live:
            if self.user is not None and not live.permissions_for_user(self.user).can_unpublish():
                raise self.error("pubstatus", f"you may not unpublish '{live.title}'")
            live.unpublish(user=self.user)
            self.result.notes.append(f"unpublished ({self.story.pubstatus})")
        else:
            self.result.notes.append(f"draft ({self.story.pubstatus})")
