"""The demo photos show their subjects: each scene its own drawing, reproducible from a seed."""

import io
import itertools

import pytest
from django.core.management import call_command
from PIL import Image, ImageChops, ImageStat

from articles.models import Author
from newsroom import demo_content as demo
from newsroom.demo_photos import SCENES, draw_photo, seed_of

SPECS = {spec["key"]: spec for spec in demo.PHOTOS}
# One palette for every scene, so what differs below is the drawing, not its colours.
SHARED_COLOURS = ((60, 90, 120), (220, 200, 170))


def thumbnail(buffer):
    return Image.open(buffer).convert("RGB").resize((90, 60), Image.Resampling.BOX)


def difference(a, b):
    """Mean absolute pixel difference, 0 to 255, averaged over the channels."""
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


def test_each_photo_names_a_scene_and_the_demo_draws_every_scene():
    assert {spec["scene"] for spec in demo.PHOTOS} == set(SCENES)
    assert len({spec["scene"] for spec in demo.PHOTOS}) == len(demo.PHOTOS)
    assert len({spec["alt"] for spec in demo.PHOTOS}) == len(demo.PHOTOS)


@pytest.mark.parametrize("shared", [False, True], ids=["own colours", "shared colours"])
def test_every_scene_looks_unlike_every_other_at_thumbnail_size(shared):
    thumbs = {
        scene: thumbnail(draw_photo(scene, SHARED_COLOURS if shared else spec["colours"], 7))
        for spec in demo.PHOTOS
        for scene in [spec["scene"]]
    }
    for (one, a), (other, b) in itertools.combinations(thumbs.items(), 2):
        assert difference(a, b) > 20, (one, other)


@pytest.mark.parametrize("scene", sorted(SCENES))
def test_the_same_seed_draws_the_same_bytes_and_another_seed_another_photo(scene):
    colours = next(spec["colours"] for spec in demo.PHOTOS if spec["scene"] == scene)
    first = draw_photo(scene, colours, 1).getvalue()
    assert draw_photo(scene, colours, 1).getvalue() == first
    assert draw_photo(scene, colours, 2).getvalue() != first
    assert Image.open(io.BytesIO(first)).size == (1800, 1200)


def test_seeds_come_from_the_key_so_they_survive_reordering():
    assert seed_of({"key": "stadium"}) == seed_of(SPECS["stadium"])
    assert len({seed_of(spec) for spec in demo.PHOTOS}) == len(demo.PHOTOS)


@pytest.mark.django_db
def test_author_photos_are_the_portrait_drawing():
    call_command("newsroom_demo", stdout=io.StringIO())
    with_photo = Author.objects.exclude(photo=None).select_related("photo")
    assert with_photo.exists()
    portrait = SPECS["portrait"]
    drawn = draw_photo(portrait["scene"], portrait["colours"], seed_of(portrait)).getvalue()
    for author in with_photo:
        assert author.photo.title == portrait["title"], author.slug
        with author.photo.open_file() as stored:
            assert stored.read() == drawn, author.slug
