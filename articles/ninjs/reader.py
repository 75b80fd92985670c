"""Reading ninjs documents (IPTC's JSON news format) into a plain story.

Agencies send ninjs 2.x (``headlines``, ``bodies``, ``by``, ``associations``
as a list) and 1.x (``headline``, ``body_xhtml``, ``byline``, associations
keyed by name), often mixed. Everything here is read field by field and
checked for type, so a bad item is refused with the field at fault instead of
failing somewhere in the page model.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC

from bs4 import BeautifulSoup
from bs4.exceptions import ParserRejectedMarkup
from django.utils import timezone
from django.utils.dateparse import parse_datetime

PUBSTATUSES = ("usable", "withheld", "canceled")

# Description roles that describe a picture rather than summarise a story.
PICTURE_ROLES = {"caption", "creditline", "alt", "alttext", "ednote"}
SUMMARY_ROLES = ("summary", "abstract", "teaser", "lead", "text", "")
# A story's notes (``articles.ninjs.export.NOTE_ROLES``): never its summary.
NOTE_ROLES = {"correction", "clarification", "editorsnote", "update"}

_BYLINE_PREFIX = re.compile(r"^\s*(?:by|von|av|par|por)\s+", re.IGNORECASE)
# Between names: commas, semicolons, ampersands, slashes ("Jane Doe/AFP") and
# the word "and" in the languages our agencies write in.
_BYLINE_SEPARATOR = re.compile(r"\s*(?:[,;&/]|\s(?:and|und|och|et|y|ve)\s)\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


class NinjsError(Exception):
    """An item that cannot be imported: which item, which field, and why."""

    def __init__(self, item, field, message):
        self.item = item
        self.field = field
        self.message = message
        super().__init__(f"{item} {field}: {message}")


@dataclass
class Rendition:
    """One file of a picture: ``href`` is a path, a ``file:`` URI or a URL."""

    href: str
    field: str
    width: float = 0
    sizeinbytes: float = 0


@dataclass
class WirePicture:
    """A picture association: the photo and what the agency says about it."""

    name: str
    uri: str
    field: str
    renditions: list
    title: str = ""
    caption: str = ""
    credit: str = ""
    alt: str = ""
    copyright: str = ""


@dataclass
class WireStory:
    """A text item reduced to what a story page needs."""

    item: str
    uri: str
    headline: str
    summary: str = ""
    body_html: str = ""
    body_text: str = ""
    bylines: list = field(default_factory=list)
    agencies: set = field(default_factory=set)
    located: str = ""
    tags: list = field(default_factory=list)
    firstcreated: object = None
    versioncreated: object = None
    embargoed: object = None
    pubstatus: str = "usable"
    pictures: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def json_kind(value):
    """The JSON name of ``value``'s type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def without_nul(value):
    """``value`` without NUL characters: JSON may carry them (as \\u0000), but they
    mean nothing in news copy and PostgreSQL cannot store them."""
    return value.replace("\x00", "")


_DECLARATION = re.compile(r"<![^>\s<]*>?")


def parse_html(html):
    """Agency HTML as a soup. ``html.parser`` rejects some malformed declarations
    (``<![0``); they carry no copy, so they are dropped and the rest is read."""
    try:
        return BeautifulSoup(html, "html.parser")
    except ParserRejectedMarkup:
        pass
    try:
        return BeautifulSoup(_DECLARATION.sub("", html), "html.parser")
    except ParserRejectedMarkup:
        # Still unreadable as markup: keep every character, as text.
        return BeautifulSoup(html.replace("&", "&amp;").replace("<", "&lt;"), "html.parser")


def plain(value):
    """A plain-text field as sent, only its whitespace folded (headlines, captions, bylines).

    Wire text is kept literally: ``Rates <unchanged> as "talks" resume`` keeps
    its ``<unchanged>``, and Django escapes it wherever it is shown.
    """
    return _SPACES.sub(" ", value or "").strip()


def html_text(value):
    """The text of a field that is HTML (``contenttype`` text/html, ``description_xhtml``)."""
    if "<" in value or "&" in value:
        value = parse_html(value).get_text(" ")
    return plain(value)


class Fields:
    """A JSON object of the document, read with type checks.

    ``path`` is where the object sits in the item (``associations[0]``), so
    every error names the exact field.
    """

    def __init__(self, data, item, path=""):
        if not isinstance(data, dict):
            raise NinjsError(item, path or "document", f"expected an object, got {json_kind(data)}")
        self.data = data
        self.item = item
        self.path = path

    def __contains__(self, key):
        return key in self.data

    def keys(self):
        return self.data.keys()

    def where(self, key):
        return f"{self.path}.{key}" if self.path else key

    def error(self, key, message):
        return NinjsError(self.item, self.where(key), message)

    def text(self, key):
        value = self.data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.error(key, f"expected text, got {json_kind(value)}")
        return without_nul(value).strip()

    def number(self, key):
        value = self.data.get(key)
        if value is None:
            return 0
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(key, f"expected a number, got {json_kind(value)}")
        return value

    def objects(self, key):
        """A list of objects (``headlines``, ``subjects``), each as ``Fields``."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(key, f"expected a list, got {json_kind(value)}")
        return [
            Fields(entry, self.item, f"{self.where(key)}[{i}]") for i, entry in enumerate(value)
        ]

    def named_objects(self, key):
        """Objects as a list (2.x) or keyed by name (1.x): ``(name, Fields)`` pairs."""
        value = self.data.get(key)
        if isinstance(value, dict):
            return [
                (name, Fields(entry, self.item, f"{self.where(key)}.{name}"))
                for name, entry in value.items()
            ]
        return [(entry.text("name"), entry) for entry in self.objects(key)]

    def strings(self, key):
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(key, f"expected a list of text, got {json_kind(value)}")
        for i, entry in enumerate(value):
            if not isinstance(entry, str):
                raise NinjsError(
                    self.item, f"{self.where(key)}[{i}]", f"expected text, got {json_kind(entry)}"
                )
        entries = (without_nul(entry).strip() for entry in value)
        return [entry for entry in entries if entry]

    def datetime(self, key):
        value = self.text(key)
        if not value:
            return None
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is None:
            raise self.error(key, f"not a date and time: {value!r}")
        if timezone.is_naive(parsed):
            # ninjs times carry an offset; one without is read as UTC.
            parsed = parsed.replace(tzinfo=UTC)
        return parsed

    def values_by_role(self, key):
        """``[(role, value)]`` of a 2.x headlines/descriptions list, as plain text.

        A value is HTML only when its ``contenttype`` says so.
        """
        return [
            (
                entry.text("role").lower(),
                (html_text if _is_html(entry.text("contenttype"), "") else plain)(
                    entry.text("value")
                ),
            )
            for entry in self.objects(key)
        ]

    def suffixed(self, prefix):
        """1.x ``description_text``, ``body_xhtml``…: ``[(suffix, text)]`` in document order."""
        return [
            (key[len(prefix) :], self.text(key))
            for key in list(self.data)
            if key.startswith(prefix) and len(key) > len(prefix)
        ]


# Stories ------------------------------------------------------------------


def read_story(document, item):
    """The ``WireStory`` in a parsed ninjs ``document``; ``item`` names it in errors."""
    fields = Fields(document, item)
    kind = fields.text("type") or "text"
    if kind != "text":
        raise fields.error("type", f"only text items become stories; this is a {kind!r} item")
    uri = fields.text("uri")
    if not uri:
        raise fields.error("uri", "missing: every item needs a stable id to be updated later")
    if len(uri) > 500:
        raise fields.error("uri", f"at most 500 characters; this one has {len(uri)}")
    story = WireStory(item=item, uri=uri, headline=read_headline(fields))
    story.summary = read_summary(fields)
    story.body_html, story.body_text = read_body(fields)
    story.agencies = read_agencies(fields)
    story.bylines = read_bylines(fields, story.agencies)
    story.located = plain(fields.text("located"))
    story.tags = read_tags(fields)
    story.firstcreated = fields.datetime("firstcreated")
    story.versioncreated = fields.datetime("versioncreated")
    story.embargoed = fields.datetime("embargoed")
    story.pubstatus = read_pubstatus(fields)
    story.pictures = read_pictures(fields, story)
    return story


def read_headline(fields):
    headlines = [(role, value) for role, value in fields.values_by_role("headlines") if value]
    headlines.sort(key=lambda pair: pair[0] != "main")
    headline = headlines[0][1] if headlines else plain(fields.text("headline"))
    if not headline:
        raise fields.error("headlines", "missing: a story needs a headline")
    return headline


def read_summary(fields):
    descriptions = [
        (role, value)
        for role, value in fields.values_by_role("descriptions")
        if value and role not in PICTURE_ROLES and role not in NOTE_ROLES
    ]
    descriptions.sort(
        key=lambda pair: SUMMARY_ROLES.index(pair[0]) if pair[0] in SUMMARY_ROLES else 99
    )
    if descriptions:
        return descriptions[0][1]
    # 1.x: description_text first, then any description_<format>.
    for suffix, value in sorted(
        fields.suffixed("description_"), key=lambda pair: pair[0] != "text"
    ):
        if text := suffixed_text(suffix, value):
            return text
    return ""


def suffixed_text(suffix, value):
    """A 1.x ``description_<suffix>``: ``text`` is plain, ``html``/``xhtml`` are HTML."""
    return html_text(value) if _is_html(suffix, "") else plain(value)


def _is_html(contenttype, role):
    return "html" in contenttype or "html" in role


def read_body(fields):
    """``(html, text)``: the richest HTML body, else a plain-text one."""
    html_bodies, text_bodies = [], []
    for entry in fields.objects("bodies"):
        value = entry.text("value")
        contenttype = entry.text("contenttype").lower()
        role = entry.text("role").lower()
        if not value:
            continue
        if _is_html(contenttype, role) or (not contenttype and value.lstrip().startswith("<")):
            html_bodies.append(value)
        elif contenttype in ("", "text/plain"):
            text_bodies.append(value)
        # Anything else (agency XML, NITF) is not something we can sanitise.
    for suffix, value in fields.suffixed("body_"):
        if value and "html" in suffix:
            html_bodies.append(value)
        elif value and suffix == "text":
            text_bodies.append(value)
    if html_bodies:
        return max(html_bodies, key=len), ""
    return "", (text_bodies[0] if text_bodies else "")


def read_agencies(fields):
    """Names that are organisations, not people: the copyright holder and info sources."""
    names = {fields.text("copyrightholder")}
    for key in ("infosources", "infosource"):
        names.update(entry.text("name") for entry in fields.objects(key))
    return {name for name in names if name}


def split_byline(byline):
    """Names in an agency byline: 'By Jane Doe and John Roe, AFP' → three names."""
    byline = _BYLINE_PREFIX.sub("", plain(byline))
    names = [_SPACES.sub(" ", name).strip(" .") for name in _BYLINE_SEPARATOR.split(byline)]
    return list(dict.fromkeys(name[:120] for name in names if name))


def read_bylines(fields, agencies):
    """Byline names in order; with none, the copyright holder (as an agency)."""
    names = split_byline(fields.text("by") or fields.text("byline"))
    if not names and fields.text("copyrightholder"):
        names = [fields.text("copyrightholder")[:120]]
    return names


def read_tags(fields):
    """Subject names and keywords, each once (case-insensitively), at most 100 characters."""
    names = []
    for key in ("subjects", "subject"):
        names += [plain(entry.text("name")) for entry in fields.objects(key)]
    # Not in the 2.x schema, but many agencies and CMSs send it.
    names += [plain(keyword) for keyword in fields.strings("keywords")]
    unique = {}
    for name in names:
        if name:
            unique.setdefault(name.casefold(), name[:100])
    return list(unique.values())


def read_pubstatus(fields):
    status = fields.text("pubstatus").lower() or "usable"
    if status not in PUBSTATUSES:
        raise fields.error("pubstatus", f"expected one of {', '.join(PUBSTATUSES)}; got {status!r}")
    return status


# Pictures -----------------------------------------------------------------


def read_pictures(fields, story):
    pictures = []
    for i, (name, association) in enumerate(fields.named_objects("associations")):
        kind = association.text("type")
        if kind and kind not in ("picture", "graphic"):
            story.warnings.append(
                f"{association.path}: {kind!r} associations are not imported, only pictures"
            )
            continue
        pictures.append(read_picture(association, name or f"picture{i + 1}", fields))
    return pictures


def read_picture(association, name, item_fields):
    descriptions = [(role, value) for role, value in association.values_by_role("descriptions")]
    by_role = {}
    for role, value in descriptions:
        if value:
            by_role.setdefault(role, value)
    # A caption is the 'caption' description, else any that is not a credit or alt text;
    # 1.x puts it in description_text.
    caption = (
        by_role.get("caption")
        or next((v for r, v in descriptions if v and r not in PICTURE_ROLES), "")
        or next(
            (
                text
                for s, v in association.suffixed("description_")
                if (text := suffixed_text(s, v))
            ),
            "",
        )
    )
    headlines = [value for _, value in association.values_by_role("headlines") if value]
    return WirePicture(
        name=name,
        uri=association.text("uri") or name,
        field=association.path,
        renditions=read_renditions(association),
        title=headlines[0] if headlines else plain(association.text("headline")),
        caption=caption,
        credit=picture_credit(association, by_role, item_fields),
        alt=by_role.get("alt") or by_role.get("alttext") or "",
        copyright=" ".join(
            filter(None, [association.text("copyrightnotice"), association.text("usageterms")])
        ),
    )


def picture_credit(association, descriptions, item_fields):
    """The credit line readers see: the agency's own, else 'Photographer/Agency'."""
    if descriptions.get("creditline"):
        return descriptions["creditline"]
    by = plain(association.text("by") or association.text("byline"))
    holder = association.text("copyrightholder") or item_fields.text("copyrightholder")
    if by and holder and holder.casefold() not in by.casefold():
        return f"{by}/{holder}"
    return by or holder


def read_renditions(association):
    renditions = []
    for _, entry in association.named_objects("renditions"):
        href = entry.text("href")
        if href:
            renditions.append(
                Rendition(
                    href=href,
                    field=entry.where("href"),
                    width=entry.number("width"),
                    sizeinbytes=entry.number("sizeinbytes"),
                )
            )
    return renditions
