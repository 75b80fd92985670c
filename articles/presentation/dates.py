"""A story's times as readers read them: in the active time zone, saying which one.

"09:15" means nothing to a reader elsewhere, or to one reading a week-old story
across a change of daylight saving time: every time shown on a reader page
names its zone. The zone is Django's current one (``TIME_ZONE`` unless the host
activates another), the same one ``<time datetime>`` states as an offset.
"""

from django.utils import dateformat, timezone

# Day, month name, year, then the 24-hour time: "2 December 2026, 09:15".
READER_DATETIME_FORMAT = "j F Y, H:i"


def zone_label(value):
    """The zone of the aware local time ``value``, as a reader would write it.

    Its abbreviation where the zone has one (UTC, GMT, BST, CET, EST); zones that
    have none (tzdata names Europe/Istanbul's "+03") read as an offset from UTC:
    "UTC+03:00".
    """
    name = value.tzname() or ""
    if name and name[0] not in "+-":
        return name
    offset = value.utcoffset()
    sign = "-" if offset < timezone.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def reader_datetime(value):
    """``value`` as readers see it: "2 December 2026, 09:15 UTC", or "" for no time."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{dateformat.format(local, READER_DATETIME_FORMAT)} {zone_label(local)}"


def html_datetime(value):
    """``value`` for a ``<time datetime>``: to the second, with its offset (HTML allows
    at most three digits of a second, and ``|date:'c'`` writes six)."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()
