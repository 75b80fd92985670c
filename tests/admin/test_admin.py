"""What the editor gets in the Wagtail admin."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from ..conftest import build_story


@pytest.fixture
def editor_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_add_article_form_has_tabs_help_and_headline_counter(editor_client, turkey):
    url = reverse("wagtailadmin_pages:add", args=["newsroom_articles", "articlepage", turkey.pk])
    html = editor_client.get(url).content.decode()
    tabs = BeautifulSoup(html, "html.parser").select("[role=tab]")
    # Each tab label is followed by an error-count badge, "()" when empty.
    labels = [tab.get_text(strip=True).split("(")[0] for tab in tabs]
    assert labels[:3] == ["Content", "Promote", "Settings"]
    assert 'data-newsroom-count="120"' in html
    assert "One sentence, sentence case, no full stop" in html
    assert "articles/js/admin-count.js" in html
    assert "Every story needs one." in html


def test_headline_longer_than_120_characters_is_refused(turkey):
    from django.core.exceptions import ValidationError

    story = build_story(turkey, slug="long")
    story.title = "x" * 121
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert "at most 120 characters" in str(error.value)


def test_lead_photo_and_summary_are_required(editor_client, turkey):
    url = reverse("wagtailadmin_pages:add", args=["newsroom_articles", "articlepage", turkey.pk])
    data = nested_form_data(
        {
            "title": "No photo",
            "slug": "no-photo",
            "summary": "",
            "body": streamfield([("paragraph", rich_text("<p>Text.</p>"))]),
            "related_links": streamfield([]),
            "notes": inline_formset([]),
            "bylines": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    response = editor_client.post(url, data)
    # Drafts may be incomplete; publishing is refused and the form comes back.
    assert response.status_code == 200
    form = response.context["form"]
    assert "lead_photo" in form.errors and "summary" in form.errors


def test_authors_and_settings_screens_open(editor_client, newsroom_settings):
    assert (
        editor_client.get(reverse("wagtailsnippets_newsroom_articles_author:list")).status_code
        == 200
    )
    url = reverse(
        "wagtailsettings:edit",
        args=["newsroom_articles", "newsroomsettings", newsroom_settings.site_id],
    )
    response = editor_client.get(url)
    assert response.status_code == 200
    assert b"Alternate addresses" in response.content


@pytest.mark.django_db
class TestPreview(WagtailPageTestCase):
    def test_article_and_section_are_previewable(self):
        from wagtail.models import Page, Site

        from ..factories import HomePageFactory, SectionPageFactory

        root = Page.get_first_root_node()
        home = HomePageFactory(parent=root, slug="home-preview")
        Site.objects.update(root_page=home)
        section = SectionPageFactory(parent=home, slug="news")
        story = build_story(section, slug="preview-me")
        self.assertPageIsRenderable(story)
        for page in (story, section):
            response = page.make_preview_request()
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, page.title)
