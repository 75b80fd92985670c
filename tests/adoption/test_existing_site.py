"""A stock ``wagtail start`` site with years of content adopts Newsroom and loses no image."""

import pytest

from .checks import assert_adopted
from .hosts import AFTER_ADOPTION, OLD_CONTENT, Host

pytestmark = pytest.mark.slow


def test_a_wagtail_site_with_its_own_images_adopts_newsroom(tmp_path):
    host = Host(tmp_path)
    host.give_home_page_images()
    host.manage("makemigrations", "home")
    host.manage("migrate", "--noinput")
    before = host.shell(OLD_CONTENT)

    host.install_newsroom()
    host.manage("migrate", "--noinput")
    # The shipped migrations match the models under this host's settings.
    host.manage("makemigrations", "--check", "--dry-run")
    # wagtail start's own /search/ comes first: the host is told, not left to find out.
    check = host.manage("check")
    assert (
        "newsroom_articles.W004" in check.stderr and "/search/ is served by search" in check.stderr
    )
    assert_adopted(host.shell(AFTER_ADOPTION), before)
