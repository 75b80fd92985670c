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
