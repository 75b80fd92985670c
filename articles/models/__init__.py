"""The newsroom's models, one module per concept; every model is exported here.

Dependencies point one way, as in ``wagtail.models``: ``querysets``,
``authors``, ``settings``, ``corrections``, ``embargoes``, ``fronts`` and
``bookkeeping`` know no other model module;
``sections`` builds on none of them; ``stories`` builds on all. Where a lower
module needs a higher model (a section lists its stories), it names it with
``apps.get_model``.
"""

from .authors import Author
from .bookkeeping import PendingPurge, SitemapWeek, StoryReads
from .breaking import BreakingBanner
from .corrections import CORRECTING_KINDS, NoteKind, NotePlacement, StoryNote
from .embargoes import PreviewLink, PreviewLinkUse
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
    Kicker,
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
    "BreakingBanner",
    "ClaimRating",
    "Kicker",
    "NewsroomSettings",
    "PendingPurge",
    "PreviewLink",
    "PreviewLinkUse",
    "SectionPage",
    "SitemapWeek",
    "StoryReads",
    "StoryManager",
    "StoryQuerySet",
    "StoryType",
    "public_photos",
    "section_breadcrumbs",
]
