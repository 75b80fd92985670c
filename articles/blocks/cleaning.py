"""Rich text from outside the editor (imports, fixtures, code) cleaned as the editor would.

Wagtail only cleans what comes through its widget. Not exported by
``articles.blocks``: Wagtail's converters need the models loaded, and the
blocks are loaded with them.
"""

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

from .richtext import BODY_FEATURES


def clean_rich_text(html, features=None):
    """``html`` reduced to the database format allowed by ``features``."""
    converter = EditorHTMLConverter(features=features or BODY_FEATURES)
    return converter.to_database_format(html or "")
