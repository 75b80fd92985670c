"""Factories for tests: credited photos, authors, sections and stories."""

import io

import factory
import wagtail_factories
from django.apps import apps
from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from articles.models import ArticleByline, ArticlePage, Author, SectionPage
from media.details import DETAIL_FIELDS, create_photo


def jpeg_file(name="photo.jpg", size=(1000, 625), colour=(40, 90, 160)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    buffer.seek(0)
    return ImageFile(buffer, name=name)


class PhotoFactory(factory.django.DjangoModelFactory):
    """An image of the site's image model with its newsroom details (``media.details``).

    ``credit``, ``default_caption`` and ``copyright`` go to the details row;
    ``alt_text`` is the image's description (its default alt text).
    """

    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Photo {n}")
    credit = "Meridian Press Agency"
    alt_text = factory.LazyAttribute(lambda o: f"Alt text for {o.title}")
    default_caption = factory.LazyAttribute(lambda o: f"Default caption for {o.title}")
    copyright = ""
    file = factory.LazyFunction(jpeg_file)

    @classmethod
    def _create(cls, model_class, *args, alt_text="", **kwargs):
        details = {name: kwargs.pop(name) for name in DETAIL_FIELDS if name in kwargs}
        kwargs.setdefault("description", alt_text)
        return create_photo(model_class, **details, **kwargs)

    @classmethod
    def _build(cls, model_class, *args, alt_text="", **kwargs):
        for name in DETAIL_FIELDS:
            kwargs.pop(name, None)
        kwargs.setdefault("description", alt_text)
        return model_class(**kwargs)


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")
    role = "Correspondent"


class HomePageFactory(wagtail_factories.PageFactory):
    """The host site's home page: the test app's, or the reference site's in its own tests."""

    class Meta:
        model = apps.get_model(settings.TEST_HOME_PAGE_MODEL)

    title = "Home"


class SectionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SectionPage

    title = factory.Sequence(lambda n: f"Section {n}")
    description = "Stories from this section."


class ArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Story number {n}")
    summary = "What happened, in one sentence."
    lead_photo = factory.SubFactory(PhotoFactory)
    lead_caption = "What the photo shows in this story."
    dateline = "ANKARA"
    body = factory.LazyFunction(lambda: [("paragraph", RichText("<p>Reporting.</p>"))])


def add_bylines(page, authors):
    page.bylines = [ArticleByline(author=author, sort_order=i) for i, author in enumerate(authors)]


def publish(page):
    """Save the page as a revision and publish it, as an editor would."""
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    return page


def cold_caches():
    """Forget what renders keep between requests: routes, fragments, sites, settings.

    Query counts are then a render's whole cost, as for a page nobody asked
    for since the last publish. Wagtail's site root paths stay, as they do
    on a running site.
    """
    from django.core.cache import cache
    from wagtail.models import Site

    cache.clear()
    Site.get_site_root_paths()
