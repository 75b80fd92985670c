from wagtail.test.utils import WagtailPageTestCase

from articles.models import ArticlePage, SectionPage

from ..factories import HomePageFactory

HomePage = HomePageFactory._meta.model


class PageTreeRules(WagtailPageTestCase):
    def test_sections_go_under_home_and_nest(self):
        self.assertCanCreateAt(HomePage, SectionPage)
        self.assertCanCreateAt(SectionPage, SectionPage)

    def test_articles_only_under_sections(self):
        self.assertCanCreateAt(SectionPage, ArticlePage)
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertAllowedParentPageTypes(ArticlePage, {SectionPage})

    def test_nothing_goes_under_an_article(self):
        self.assertAllowedSubpageTypes(ArticlePage, set())
        self.assertCanNotCreateAt(ArticlePage, SectionPage)
        self.assertCanNotCreateAt(ArticlePage, ArticlePage)

    def test_home_holds_only_sections(self):
        self.assertAllowedSubpageTypes(HomePage, {SectionPage})
