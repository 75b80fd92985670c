"""A site with its own image model adopts Newsroom: credits sit beside that model's images."""

import pytest

from .checks import assert_adopted
from .hosts import AFTER_ADOPTION, OLD_CONTENT, Host

pytestmark = pytest.mark.slow


def test_a_site_with_a_custom_image_model_adopts_newsroom(tmp_path):
    host = Host(tmp_path)
    host.use_custom_image_model()
    host.give_home_page_images()
    host.manage("makemigrations", "images", "home")
    host.manage("migrate", "--noinput")
    before = host.shell(OLD_CONTENT)

    host.install_newsroom()
    host.manage("migrate", "--noinput")
    host.manage("makemigrations", "--check", "--dry-run")
    assert_adopted(host.shell(AFTER_ADOPTION), before, image_model="images.CustomImage")
