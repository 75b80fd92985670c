"""Story bodies between agency HTML and the body's blocks.

An agency body becomes blocks an editor would have made: paragraphs (with the
rich-text features of ``BODY_FEATURES`` only), cross-headings and quotes.
Pictures inside the HTML are dropped: they arrive as associations, and a
``<figure data-assoc-ref="name">`` only says where that association goes.

Quotes are written out, and read back, as::

    <blockquote class="pull-quote" cite="https://source.example/report">
      <p>The words as said.</p>
      <footer>— Speaker, Role <time datetime="2024-05-01">…</time> <cite>Outlet</cite></footer>
    </blockquote>

A quote without a footer may carry its speaker in a last paragraph starting
with a dash, or in a last ``<cite>``. A quote with none of these keeps an
empty speaker (with a warning): wire copy usually names the speaker in the
text around it, and the importer does not invent one.
"""

import re
from html import unescape

from bs4 import NavigableString
from django.utils.dateparse import parse_date
from django.utils.html import escape
from wagtail.rich_text import expand_db_html

from ..blocks.cleaning import clean_rich_text
from .reader import parse_html, plain

HEADING_MAX_LENGTH = 120

# Elements whose content readers must never get, not even as text.
DROPPED = {
    "script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math",
    "head", "title", "form", "button", "input", "select", "textarea", "nav", "video", "audio",
}  # fmt: skip
PICTURES = {"figure", "img", "picture"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
PARAGRAPHS = {"p", "ul", "ol"}
BLOCK_LEVEL = PARAGRAPHS | HEADINGS | PICTURES | {
    "blockquote", "div", "section", "article", "main", "header", "footer", "aside",
    "table", "dl", "pre", "hr", "address",
}  # fmt: skip

_DASH = "—–-―"
_QUOTE_MARKS = "\"'“”„«»‘’‚‹›"
_TAG = re.compile(r"<[^>]+>")


def picture_ref(node):
    """The association a body ``<figure>``/``<img>`` stands for, if it says."""
    if node.get("data-assoc-ref"):
        return node["data-assoc-ref"]
    inner = node.find(attrs={"data-assoc-ref": True})
    return inner["data-assoc-ref"] if inner is not None else ""


def has_text(html):
    return bool(_TAG.sub("", html).replace("&nbsp;", "").strip())


def _lines(text):
    """``text`` with runs of spaces collapsed, line breaks kept."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


class BodyReader:
    """Walks agency HTML and collects ``(kind, value)`` pieces in reading order.

    Kinds: ``paragraph`` (clean rich text), ``heading`` (text), ``quote``
    (a ``QuoteBlock`` value) and ``picture`` (an association name).
    """

    def __init__(self, headline=""):
        self.headline = headline.casefold()
        self.pieces = []
        self.warnings = []
        self._paragraphs = []
        self._inline = []

    def read_html(self, html):
        soup = parse_html(html)
        # Removed up front, wherever they are: the cleaner would keep their text.
        for element in soup.find_all(DROPPED):
            element.decompose()
        self._read(soup.body or soup)
        self._end_paragraphs()
        return self.pieces

    def read_text(self, text):
        """A plain-text body: paragraphs at blank lines, or at every line without any."""
        text = text.replace("\r\n", "\n")
        chunks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
        html = "".join(f"<p>{escape(' '.join(chunk.split()))}</p>" for chunk in chunks)
        self._paragraphs.append(html)
        self._end_paragraphs()
        return self.pieces

    # Walking -------------------------------------------------------------

    def _read(self, node):
        for child in list(node.children):
            self._visit(child)

    def _visit(self, node):
        if isinstance(node, NavigableString):
            # Comments, doctypes and CDATA are NavigableString subclasses.
            if type(node) is NavigableString and (node.strip() or self._inline):
                self._inline.append(escape(str(node)))
            return
        name = node.name
        if name in PICTURES:
            self._end_paragraphs()
            ref = picture_ref(node)
            if ref:
                self.pieces.append(("picture", ref))
        elif name in HEADINGS:
            self._heading(node)
        elif name == "blockquote":
            self._end_paragraphs()
            self._quote(node)
        elif name in PARAGRAPHS:
            self._end_inline()
            self._paragraphs.append(str(node))
        elif name in ("br", "hr"):
            self._end_inline()
        elif name == "table":
            self._end_inline()
            self._table(node)
        elif name in BLOCK_LEVEL or node.find(BLOCK_LEVEL):
            self._end_inline()
            self._read(node)
            self._end_inline()
        else:
            self._inline.append(str(node))

    def _end_inline(self):
        html = "".join(self._inline).strip()
        self._inline = []
        if html:
            self._paragraphs.append(f"<p>{html}</p>")

    def _end_paragraphs(self):
        """Consecutive paragraphs and lists become one paragraph block."""
        self._end_inline()
        html = "".join(self._paragraphs)
        self._paragraphs = []
        if html:
            html = clean_rich_text(html)
            if has_text(html):
                self.pieces.append(("paragraph", html))

    def _heading(self, node):
        text = plain(node.get_text(" "))
        if not text or (node.name == "h1" and text.casefold() == self.headline):
            # Agencies repeat the headline as the body's <h1>.
            return
        if len(text) > HEADING_MAX_LENGTH:
            self._end_inline()
            self._paragraphs.append(f"<p><b>{escape(text)}</b></p>")
            return
        self._end_paragraphs()
        self.pieces.append(("heading", text))

    def _table(self, node):
        # Tables have no block: each row becomes a line of text.
        for row in node.find_all("tr"):
            cells = [plain(cell.get_text(" ")) for cell in row.find_all(["td", "th"])]
            if any(cells):
                self._paragraphs.append(f"<p>{escape(' – '.join(filter(None, cells)))}</p>")

    def _quote(self, node):
        value = read_quote(node)
        if not value["text"]:
            return
        if not value["speaker"]:
            number = 1 + sum(1 for kind, _ in self.pieces if kind == "quote")
            self.warnings.append(
                f"quote {number} names no speaker; an editor must add one before the next "
                "save in the admin"
            )
        self.pieces.append(("quote", value))


# Quotes ------------------------------------------------------------------


def _web_url(url):
    url = (url or "").strip()
    return url if url.startswith(("http://", "https://")) else ""


def _attribution(node):
    """The element naming the speaker: a <footer>, a last '— Name' paragraph or <cite>."""
    footer = node.find("footer")
    if footer is not None:
        return footer
    children = [child for child in node.children if getattr(child, "name", None)]
    if not children:
        return None
    last = children[-1]
    if last.name == "cite":
        return last
    # A lone paragraph is the quote itself, even when it opens with a dash.
    if len(children) > 1 and last.name == "p" and last.get_text().strip()[:1] in _DASH:
        return last
    return None


def read_quote(node):
    """A ``QuoteBlock`` value from a ``<blockquote>`` element (which is consumed)."""
    value = {
        "text": "",
        "speaker": "",
        "role": "",
        "said_on": None,
        "source_name": "",
        "source_url": _web_url(node.get("cite")),
        "pull_quote": "pull" in " ".join(node.get("class") or []).lower(),
    }
    attribution = _attribution(node)
    if attribution is not None:
        attribution.extract()
        read_attribution(attribution, value)
    for br in node.find_all("br"):
        br.replace_with("\n")
    paragraphs = node.find_all("p") or [node]
    text = "\n\n".join(filter(None, (_lines(p.get_text()) for p in paragraphs)))
    if len(text) > 1 and text[0] in _QUOTE_MARKS and text[-1] in _QUOTE_MARKS:
        text = text[1:-1].strip()
    value["text"] = text
    return value


def read_date(value):
    """The date a ``<time datetime>`` starts with; ``None`` when there is none, or
    when it is impossible (2024-02-30)."""
    try:
        return parse_date(value[:10])
    except ValueError:
        return None


def read_attribution(element, value):
    if element.name != "cite":
        time = element.find("time")
        if time is not None:
            value["said_on"] = read_date(time.get("datetime") or "")
            time.extract()
        cite = element.find("cite")
        if cite is not None:
            link = cite.find("a", href=True) or cite.find_parent("a", href=True)
            value["source_name"] = plain(cite.get_text(" "))[:120]
            value["source_url"] = value["source_url"] or _web_url(link and link["href"])
            (cite.find_parent("a") or cite).extract()
    text = plain(element.get_text(" ")).strip(_DASH + " ,;()")
    speaker, _, role = text.partition(",")
    value["speaker"] = speaker.strip()[:120]
    value["role"] = role.strip()[:200]


def quote_html(value):
    """A quote block as the ``<blockquote>`` that ``read_quote`` reads back."""
    paragraphs = "".join(
        "<p>{}</p>".format("<br/>".join(escape(line) for line in paragraph.split("\n")))
        for paragraph in (value.get("text") or "").split("\n\n")
        if paragraph.strip()
    )
    attribution = ", ".join(filter(None, [value.get("speaker"), value.get("role")]))
    footer = [f"— {escape(attribution)}"] if attribution else []
    if value.get("said_on"):
        said_on = value["said_on"]
        footer.append(
            f'<time datetime="{said_on.isoformat()}">{said_on.day} {said_on:%B %Y}</time>'
        )
    if value.get("source_name"):
        footer.append(f"<cite>{escape(value['source_name'])}</cite>")
    attrs = ' class="pull-quote"' if value.get("pull_quote") else ""
    if value.get("source_url"):
        attrs += f' cite="{escape(value["source_url"])}"'
    footer_html = f"<footer>{' '.join(footer)}</footer>" if footer else ""
    return f"<blockquote{attrs}>{paragraphs}{footer_html}</blockquote>"


# Writing a body out ----------------------------------------------------------

_RELATIVE_HREF = re.compile(r'href="(/(?!/)[^"]*)"')


def rich_text_html(source, absolute_url):
    """Database rich text as public HTML, with links made absolute for other sites."""
    html = expand_db_html(source)
    return _RELATIVE_HREF.sub(
        lambda match: f'href="{escape(absolute_url(unescape(match[1])))}"', html
    )


def body_html(body, picture_html, absolute_url):
    """The story body as one HTML string.

    ``picture_html(block)`` writes an inline photo; ``absolute_url(path)``
    makes site paths absolute. Blocks without an HTML form of their own (read
    more lists, embeds) become the headings and links they show.
    """
    parts = []
    for block in body:
        kind, value = block.block_type, block.value
        if kind == "paragraph":
            parts.append(rich_text_html(value.source, absolute_url))
        elif kind == "heading":
            parts.append(f"<h2>{escape(value)}</h2>")
        elif kind == "quote":
            parts.append(quote_html(value))
        elif kind == "inline_photo":
            parts.append(picture_html(block))
        elif kind == "related_links":
            parts.append(_links_html(value, absolute_url))
        elif kind == "embed" and value and value.url:
            parts.append(f'<p><a href="{escape(value.url)}">{escape(value.url)}</a></p>')
    # No separators: a re-import merges adjacent paragraphs and must write them out the same.
    return "".join(part for part in parts if part)


def _links_html(value, absolute_url):
    links = value.visible_links
    if not links:
        return ""
    items = "".join(
        f'<li><a href="{escape(absolute_url(link.href))}">{escape(link.text)}</a></li>'
        for link in links
    )
    return f"<h2>{escape(value.get('title') or '')}</h2><ul>{items}</ul>"
