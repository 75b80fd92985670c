"""The newsroom's models, one module per concept; every model is exported here.

Dependencies point one way, as in ``wagtail.models``: ``querysets``,
``authors``, ``settings``, ``corrections``, ``fronts`` and ``bookkeeping`` know no other
model module;
``sections`` builds on none of them; ``stories`` builds on all. Where a lower
module needs a higher model (a section lists its stories), it names it with
``apps.get_model``.
"""

from .authors import Author
from .bookkeeping import PendingPurge, SitemapWeek
from .corrections import CORRECTING_KINDS, NoteKind, NotePlacement, StoryNote
from .fronts import FrontPageMixin
from .querysets import AuthorQuerySet, StoryManager, StoryQuerySet, public_photos
from .sections import SectionPage, section_breadcrumbs
from .settings import NewsroomSettings
from .stories import (
    HEADLINE_MAX_LENGTH,
    ArticleByline,
    ArticlePage,
    ArticlePageTag,
    ClaimRating,
    StoryType,
)

__all__ = [
    "CORRECTING_KINDS",
    "FrontPageMixin",
    "NoteKind",
    "NotePlacement",
    "StoryNote",
    "HEADLINE_MAX_LENGTH",
    "ArticleByline",
    "ArticlePage",
    "ArticlePageTag",
    "Author",
    "AuthorQuerySet",
    "ClaimRating",
    "NewsroomSettings",
    "PendingPurge",
    "SectionPage",
    "SitemapWeek",
    "StoryManager",
    "StoryQuerySet",
    "StoryType",
    "public_photos",
    "section_breadcrumbs",
]
