"""Every body block renders its admin preview value and is documented."""

import pytest
from bs4 import BeautifulSoup

from articles import blocks
from articles.blocks import ArticleBodyBlock, LinkBlock, iframe_player
from articles.models import ArticlePage

from ..factories import PhotoFactory


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(ArticleBodyBlock.base_blocks))
def test_block_renders_its_preview_value(name):
    PhotoFactory(default_caption="Preview caption")
    block = ArticleBodyBlock.base_blocks[name]
    html = block.render(block.get_preview_value())
    assert BeautifulSoup(html, "html.parser").get_text(strip=True)


@pytest.mark.parametrize("name", list(ArticleBodyBlock.base_blocks))
def test_block_has_icon_template_and_help_text(name):
    block = ArticleBodyBlock.base_blocks[name]
    assert block.meta.icon and block.meta.icon != "placeholder"
    assert block.meta.template.startswith("articles/blocks/")
    assert block.meta.help_text
    assert block.meta.preview_value


def test_link_block_requires_exactly_one_target():
    block = LinkBlock()
    from wagtail.blocks.struct_block import StructBlockValidationError

    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"page": None, "url": "", "title": ""}))
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"page": None, "url": "https://e.org", "title": ""}))
    value = block.clean(block.to_python({"page": None, "url": "https://e.org", "title": "E"}))
    assert value.href == "https://e.org" and value.text == "E"


def test_quote_renders_speaker_role_and_source():
    block = blocks.QuoteBlock()
    html = block.render(
        block.to_python(
            {
                "text": "We <will> talk.",
                "speaker": "Işık",
                "role": "Minister",
                "source_name": "Daily Sabah",
                "source_url": "https://e.org/r",
                "pull_quote": True,
            }
        )
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.blockquote.get_text(strip=True) == "We <will> talk."
    assert soup.select_one(".quote__speaker").get_text() == "Işık"
    assert soup.select_one(".quote__role").get_text() == "Minister"
    assert soup.find("cite").get_text() == "Daily Sabah"
    assert "quote--pull" in soup.figure["class"]


class FakeEmbed:
    def __init__(self, html, title="A video", provider_name="Video site"):
        self.html, self.title, self.provider_name = html, title, provider_name
        self.width, self.height = 640, 360


def test_embed_player_rebuilds_a_lone_https_iframe():
    player = iframe_player(
        FakeEmbed('<iframe src="https://v.example.org/e/1" onload="x()"></iframe>')
    )
    iframe = BeautifulSoup(player, "html.parser").iframe
    assert iframe["src"] == "https://v.example.org/e/1"
    assert "onload" not in iframe.attrs and iframe["title"] == "A video"


@pytest.mark.parametrize(
    "html",
    [
        '<blockquote>x</blockquote><script src="https://platform.example.org/w.js"></script>',
        '<iframe src="javascript:alert(1)"></iframe>',
        '<iframe src="http://insecure.example.org/"></iframe>',
        '<iframe src="https://a.example.org/"></iframe><iframe src="https://b.example.org/"></iframe>',
        "",
    ],
)
def test_embed_player_refuses_anything_else(html):
    assert iframe_player(FakeEmbed(html)) == ""


def test_stored_definitions_name_the_blocks_by_their_public_path():
    # Migrations store these paths: a block's module may move, its public path may not.
    lookup = ArticlePage._meta.get_field("body").deconstruct()[3]["block_lookup"]
    ours = sorted(path for path, *_ in lookup.values() if path.startswith("articles."))
    assert ours == [
        "articles.blocks.EmbedBlock",
        "articles.blocks.HeadingBlock",
        "articles.blocks.ParagraphBlock",
        "articles.blocks.PhotoChooserBlock",
    ]
