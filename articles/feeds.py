"""Placeholder: helper-4 is writing the RSS and Atom feeds."""

from django.http import HttpResponse


class _Pending:
    def __call__(self, request, **kwargs):
        return HttpResponse(status=501)


SiteFeed = SiteAtomFeed = SectionFeed = SectionAtomFeed = _Pending
TagFeed = TagAtomFeed = AuthorFeed = AuthorAtomFeed = _Pending
