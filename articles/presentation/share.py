"""Share links: plain URLs to each network's own share page.

No third-party script, no tracking parameters: each link carries only the
story's absolute canonical URL and headline, percent-encoded.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Network:
    label: str  # the network's own name, or words in the page's language
    endpoint: str
    # Query parameters; {url}, {title} and {text} (headline and URL) are filled in.
    params: tuple

    def link(self, url, title):
        values = {"url": url, "title": title, "text": f"{title} {url}"}
        query = urlencode(
            [(key, template.format(**values)) for key, template in self.params],
            quote_via=quote,
        )
        return f"{self.endpoint}?{query}"


NETWORKS = {
    "facebook": Network(
        "Facebook", "https://www.facebook.com/sharer/sharer.php", (("u", "{url}"),)
    ),
    "x": Network("X", "https://x.com/intent/post", (("text", "{title}"), ("url", "{url}"))),
    "linkedin": Network(
        "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/", (("url", "{url}"),)
    ),
    "whatsapp": Network("WhatsApp", "https://wa.me/", (("text", "{text}"),)),
    "telegram": Network(
        "Telegram", "https://t.me/share/url", (("url", "{url}"), ("text", "{title}"))
    ),
    "reddit": Network(
        "Reddit", "https://www.reddit.com/submit", (("url", "{url}"), ("title", "{title}"))
    ),
    "bluesky": Network("Bluesky", "https://bsky.app/intent/compose", (("text", "{text}"),)),
    "email": Network(_("Email"), "mailto:", (("subject", "{title}"), ("body", "{url}"))),
}


@dataclass(frozen=True)
class ShareLink:
    key: str
    label: str  # the network's own name, or words in the page's language
    href: str


class ShareLinks(list):
    """The share links in the site's order, with what the share bar shows apart."""

    @property
    def email(self):
        return next((link for link in self if link.key == "email"), None)

    @property
    def networks(self):
        return [link for link in self if link.key != "email"]


def share_links(url, title, keys=None):
    """Share links for ``url`` in the order of ``keys`` (all networks by default)."""
    keys = keys or list(NETWORKS)
    return ShareLinks(
        ShareLink(key, NETWORKS[key].label, NETWORKS[key].link(url, title))
        for key in keys
        if key in NETWORKS
    )
