"""What a story starts with when an editor opens the "new story" form.

Wired to Wagtail's ``init_new_page`` signal (``articles.apps``), which the create
view sends before it builds the form, with the new page owned by the user:

- the user's own author profile (``Author.user``) as the first byline;
- one empty paragraph, so the body opens ready to type instead of with a red
  "Paragraph: The minimum number of items is 1" before anything is written.

Both are what the form shows, nothing is saved: the editor may remove them.
"""

from wagtail.rich_text import RichText

from ..models import ArticleByline, ArticlePage, Author


def default_author(user):
    """The author profile ``user`` writes as, or None."""
    if user is None or not user.is_authenticated:
        return None
    return Author.objects.filter(user=user).first()


def prepare_new_story(sender, page, parent, **kwargs):
    if not isinstance(page, ArticlePage):
        return
    author = default_author(page.owner)
    if author is not None:
        page.bylines = [ArticleByline(author=author, sort_order=0)]
    if not page.body:
        page.body = [("paragraph", RichText(""))]
