"""A front page as readers see it: the editors' slots, then the newest stories.

The slots (``articles.blocks.front``) are read from their stored values, so
choosing ten stories costs no more than choosing one. Whatever the archive's
size and however many slots there are, a front costs the same queries:

1. the chosen stories a reader may see, in one query;
2. the newest stories not chosen, for the slots left to fill automatically
   and the "Latest" list;
3. the rails' sections, then 4. every rail's stories in one window query
   (each story counted in the most specific rail section it is filed in);
5. the bylines of every story shown; 6. their photos (``load_photo_uses``).

A story is shown once: a slot's choice first, then the automatic lead and
featured stories, then the rails in their order, then the latest. A slot
whose pin has ended, or whose story a reader may no longer see, is filled
automatically; the page's reader cache lifetime ends at the next pin's end
(``reader_cache.stale_at``).
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Length, RowNumber, Substr
from django.utils import timezone
from wagtail import blocks
from wagtail.models import Page

from media.loading import load_photo_uses

from ..delivery import reader_cache
from ..visibility import readable
from .bylines import byline_html
from .listings import attach_photos

# How many of the newest stories follow the slots, unless the page says (``front_latest``).
LATEST = 12
# A featured slot whose pin ended shows this many of the newest stories.
FEATURED_DEFAULT = 3
RAIL_MOST = 20
_PIN = blocks.DateTimeBlock(required=False)


@dataclass
class Slot:
    kind: str
    story_ids: list = field(default_factory=list)
    section_id: int = None
    count: int = 0
    pinned_until: object = None


@dataclass
class Rail:
    section: Page
    stories: list


@dataclass
class Front:
    lead: object = None
    featured: list = field(default_factory=list)
    rails: list = field(default_factory=list)
    latest: list = field(default_factory=list)
    # When the next pin ends (the page shows other stories from then on).
    stale_at: object = None
    photos: dict = field(default_factory=dict)

    @property
    def is_empty(self):
        return not (self.lead or self.featured or self.rails or self.latest)

    @property
    def stories(self):
        shown = [self.lead] if self.lead else []
        shown += self.featured
        for rail in self.rails:
            shown += rail.stories
        return shown + self.latest


def _id(raw):
    # A page's primary key; a stored value of any other shape chooses nothing.
    is_id = isinstance(raw, int) and not isinstance(raw, bool) and 0 < raw < 2**31
    return raw if is_id else None


def _list_ids(raw):
    items = raw if isinstance(raw, list) else []
    values = [item.get("value") if isinstance(item, dict) else item for item in items]
    return [pk for pk in map(_id, values) if pk is not None]


def _pin(raw):
    try:
        return _PIN.to_python(raw) if isinstance(raw, str) and raw else None
    except ValueError:
        return None


def _count(raw):
    is_int = isinstance(raw, int) and not isinstance(raw, bool)
    # The block keeps editors between 1 and 8; a value stored in code, within reason.
    return min(max(raw, 1), RAIL_MOST) if is_int else 4


def read_slots(stream):
    """The slots of a ``front`` StreamField, from its stored values (no query)."""
    slots = []
    for item in getattr(stream, "raw_data", None) or []:
        value = item.get("value") if isinstance(item, dict) else None
        if not isinstance(value, dict):
            continue
        kind = item.get("type")
        pin = _pin(value.get("pinned_until"))
        if kind == "lead":
            story = _id(value.get("story"))
            slots.append(Slot("lead", [story] if story else [], pinned_until=pin))
        elif kind == "featured":
            slots.append(Slot("featured", _list_ids(value.get("stories")), pinned_until=pin))
        elif kind == "section_rail":
            section = _id(value.get("section"))
            if section is not None:
                count = _count(value.get("count"))
                slots.append(Slot(kind, section_id=section, count=count, pinned_until=pin))
    return slots


def with_section_title(stories):
    """``stories`` with ``teaser_section``: the title of the section each is filed in."""
    parent = Page.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    ).values("title")[:1]
    return stories.annotate(teaser_section=Subquery(parent))


def _story_model():
    # Stories are models, a layer above: by name, as sections list theirs.
    return apps.get_model("newsroom_articles", "ArticlePage")


def _section_model():
    return apps.get_model("newsroom_articles", "SectionPage")


def _rail_stories(rails, shown_ids):
    """{section id: [stories]} for ``rails``' sections: one query for the sections, one
    for every rail's stories (ranked within the most specific rail section)."""
    wanted = {}
    for slot in rails:
        wanted[slot.section_id] = wanted.get(slot.section_id, 0) + slot.count
    sections = {
        section.pk: section
        for section in readable(_section_model().objects.filter(pk__in=wanted)).only(
            "id", "path", "depth", "url_path", "title", "slug", "live", "locale_id"
        )
    }
    if not sections:
        return sections, {}
    # Deepest first: a Turkey story goes to a Turkey rail rather than a News one.
    ordered = sorted(sections.values(), key=lambda section: -section.depth)
    rail_of = Case(
        *[When(path__startswith=section.path, then=Value(section.pk)) for section in ordered],
        output_field=IntegerField(),
    )
    in_a_rail = Q()
    for section in ordered:
        in_a_rail |= Q(path__startswith=section.path)
    stories = (
        with_section_title(_story_model().objects.for_listing())
        .filter(in_a_rail)
        .exclude(pk__in=shown_ids)
        .annotate(
            rail_section=rail_of,
            rail_rank=Window(
                RowNumber(),
                partition_by=[rail_of],
                order_by=[F("display_order_date").desc(), F("pk").desc()],
            ),
        )
        .filter(rail_rank__lte=max(wanted[pk] for pk in sections))
    )
    by_section = {}
    for story in stories:
        by_section.setdefault(story.rail_section, []).append(story)
    for section_stories in by_section.values():
        section_stories.sort(key=lambda story: story.rail_rank)
    return sections, by_section


def _add_bylines(stories):
    """Set ``teaser_byline`` on each of ``stories``: one query for all of them."""
    Byline = apps.get_model("newsroom_articles", "ArticleByline")
    authors = {}
    rows = (
        Byline.objects.filter(page_id__in=[story.pk for story in stories])
        .select_related("author")
        .order_by("page_id", "sort_order", "pk")
    )
    for byline in rows:
        authors.setdefault(byline.page_id, []).append(byline.author)
    for story in stories:
        story.teaser_byline = byline_html(authors.get(story.pk, []), roles=False)


def _active(slot, now):
    return slot.pinned_until is None or slot.pinned_until > now


def _positions(slots, now, chosen):
    """The lead's and the featured stories' positions: a chosen story, or None where
    the newest story goes (no choice, a pin that has ended, a story gone)."""
    lead_slot = next((slot for slot in slots if slot.kind == "lead"), None)
    featured_slot = next((slot for slot in slots if slot.kind == "featured"), None)
    lead = [None]
    if lead_slot is not None and _active(lead_slot, now) and lead_slot.story_ids:
        lead = [chosen.get(lead_slot.story_ids[0])]
    featured = []
    if featured_slot is not None and _active(featured_slot, now):
        featured = [chosen.get(pk) for pk in dict.fromkeys(featured_slot.story_ids)]
    elif featured_slot is not None:
        featured = [None] * (len(featured_slot.story_ids) or FEATURED_DEFAULT)
    return lead, featured


def _fill(positions, newest, seen):
    """Each story shown once, where it first is; the gaps filled from ``newest``."""
    for i, story in enumerate(positions):
        if story is not None and story.pk in seen:
            positions[i] = None
        elif story is not None:
            seen.add(story.pk)
    automatic = (story for story in newest if story.pk not in seen)
    for i, story in enumerate(positions):
        if story is None:
            positions[i] = next(automatic, None)
            if positions[i] is not None:
                seen.add(positions[i].pk)
    return [story for story in positions if story is not None]


def _finish(front):
    """Bylines and photos for every story shown: one query each, whatever their number."""
    shown = front.stories
    if not shown:
        return
    _add_bylines(shown)
    uses = {"lead": [front.lead.lead_photo_id] if front.lead else []}
    uses["teaser"] = [story.lead_photo_id for story in shown if story is not front.lead]
    front.photos = load_photo_uses(uses)
    attach_photos(shown, "lead_photo", front.photos)


def resolve_front(page, request=None, latest=None, now=None):
    """``page``'s front (``Front``): its slots resolved, the rest the newest stories below it."""
    now = now or timezone.now()
    latest = LATEST if latest is None else latest
    slots = read_slots(getattr(page, "front", None))
    active = [slot for slot in slots if _active(slot, now)]
    front = Front(stale_at=min((s.pinned_until for s in active if s.pinned_until), default=None))
    if request is not None:
        reader_cache.stale_at(request, front.stale_at)

    Story = _story_model()
    chosen_ids = [pk for slot in active if slot.kind != "section_rail" for pk in slot.story_ids]
    chosen = {}
    if chosen_ids:
        chosen = with_section_title(Story.objects.for_listing()).in_bulk(chosen_ids)
    lead, featured = _positions(slots, now, chosen)
    rails = [slot for slot in active if slot.kind == "section_rail"]
    gaps = len(lead) + len(featured)  # at most: a story chosen twice leaves one more
    newest = list(
        with_section_title(Story.objects.descendant_of(page).for_listing()).exclude(
            pk__in=list(chosen)
        )[: gaps + latest + sum(slot.count for slot in rails)]
    )
    # The lead first, so a story chosen for both leads and the newest fill the grid.
    seen = set()
    front.lead = next(iter(_fill(lead, newest, seen)), None)
    front.featured = _fill(featured, newest, seen)

    if rails:
        sections, by_section = _rail_stories(rails, seen)
        for slot in rails:
            if slot.section_id not in sections:
                continue
            pool = by_section.get(slot.section_id, [])
            taken = [story for story in pool if story.pk not in seen][: slot.count]
            seen.update(story.pk for story in taken)
            if taken:
                front.rails.append(Rail(section=sections[slot.section_id], stories=taken))

    front.latest = [story for story in newest if story.pk not in seen][:latest]
    _finish(front)
    return front
