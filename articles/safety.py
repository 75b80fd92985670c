"""Links from editors and wire copy are shown only if they are safe to follow."""

from urllib.parse import urlsplit

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
