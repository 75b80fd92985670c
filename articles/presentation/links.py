"""Links to the plugin's own reader pages, which a host site may not route."""

from django.urls import NoReverseMatch, reverse


def reverse_or_none(name, *args):
    """The URL named ``name``, or None when the host site's URLconf does not include it."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None
