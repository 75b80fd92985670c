"""Text helpers for search: folding diacritics so 'Cavusoglu' finds 'Çavuşoğlu'."""

import unicodedata

# Letters that Unicode does not decompose into a base letter and a mark.
_NO_DECOMPOSITION = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae"}
)


def fold(text):
    """``text`` without diacritics: 'Işık Çavuşoğlu' → 'Isik Cavusoglu'."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_NO_DECOMPOSITION))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


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
