"""Text helpers: diacritics folded for search and slugs, characters XML cannot carry, safe links."""

import re
import unicodedata
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.text import slugify

# Letters that Unicode does not decompose into a base letter and a mark.
_NO_DECOMPOSITION = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae"}
)


def fold(text):
    """``text`` without diacritics: 'Işık Çavuşoğlu' → 'Isik Cavusoglu'."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_NO_DECOMPOSITION))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def unicode_slugs_allowed():
    """Wagtail's ``WAGTAIL_ALLOW_UNICODE_SLUGS`` (Wagtail's default: allowed)."""
    return getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)


def slug_for(text, allow_unicode=None):
    """``text`` as a slug, as the admin writes one under the site's setting.

    Without Unicode slugs, letters lose their diacritics first ('Çavuşoğlu' →
    'cavusoglu', 'ılık' → 'ilik'), as Wagtail's editor transliterates them,
    rather than being dropped by ``slugify``. Text in a script with no Latin
    letters (Greek, Arabic, Chinese) keeps its Unicode slug rather than none.
    """
    if allow_unicode is None:
        allow_unicode = unicode_slugs_allowed()
    unicode_slug = slugify(text or "", allow_unicode=True)
    if allow_unicode:
        return unicode_slug
    return slugify(fold(text), allow_unicode=False) or unicode_slug


# XML 1.0 allows tab, newline and carriage return but no other control
# characters; a stray one (pasted, or from the wire) would break a whole feed.
_XML_ILLEGAL = dict.fromkeys(
    [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF], None
)


def xml_text(value):
    """``value`` without the characters XML 1.0 cannot carry (strings in lists too)."""
    if isinstance(value, str):
        return value.translate(_XML_ILLEGAL)
    if isinstance(value, (list, tuple)):
        return type(value)(xml_text(item) for item in value)
    return value


# Links from editors and wire copy are shown only if they are safe to follow.
SAFE_SCHEMES = {"http", "https", "mailto"}


def safe_href(url):
    """``url`` if it is an http(s)/mailto address or a path on this site, else ''.

    Escaping stops markup injection but not ``javascript:`` or ``data:`` URLs;
    those (and look-alikes with control characters) are dropped here.
    """
    if not url:
        return ""
    url = str(url).strip()
    if any(ord(char) < 32 or ord(char) == 127 for char in url):
        return ""
    if url.startswith("/") and not url.startswith("//"):
        return url
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    return url if scheme in SAFE_SCHEMES else ""


def search_words(query):
    """``query`` as words only: search backends give punctuation meaning (SQLite's
    FTS5 raises on a stray quote or bracket), readers don't."""
    return " ".join(re.sub(r"[^\w\s]", " ", query or "").split())


# The largest id a database's integer column holds (64-bit, signed): a larger
# number in a URL names nothing, and must not reach the database as a query.
MAX_ID = 2**63 - 1


def parse_id(value):
    """``value`` (a string of digits) as an id, or None when it cannot be one."""
    text = str(value)
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


# Campaign and click ids that analytics add to shared links. No page reads
# them, so no cache keys on them (``deploy/varnish/default.vcl`` drops the same).
TRACKING_PARAMETER = re.compile(
    r"utm_\w*|fbclid|gclid|gbraid|wbraid|dclid|msclkid|twclid|igshid|mc_cid|mc_eid|_ga|_gl",
    re.ASCII,
)


def is_tracking_parameter(name):
    return TRACKING_PARAMETER.fullmatch(name) is not None


def has_nul(*values):
    """Whether any of ``values`` holds a NUL character, which no slug, path or name
    can: PostgreSQL refuses it in any text it is asked to compare (``DataError``)."""
    return any("\x00" in value for value in values if isinstance(value, str))
