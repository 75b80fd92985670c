"""IPTC ninjs for the newsroom: wire copy in, published stories out.

- ``import_ninjs_files`` / ``import_ninjs_document``: agency items (ninjs 2.x
  and 1.x text items with their picture associations) become stories.
- ``article_to_ninjs``: a published story as a ninjs 2.1 item
  (``<story-url>?format=ninjs``).
"""

from .export import article_to_ninjs
from .importer import (
    ImportResult,
    SectionNotFound,
    find_section,
    import_item,
    import_ninjs_document,
    import_ninjs_files,
)
from .reader import NinjsError, read_story

__all__ = [
    "ImportResult",
    "NinjsError",
    "SectionNotFound",
    "article_to_ninjs",
    "find_section",
    "import_item",
    "import_ninjs_document",
    "import_ninjs_files",
    "read_story",
]
