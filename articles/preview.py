"""The mixin a host site's page models use so that their admin previews work
(``articles.delivery.preview``): the side panel may frame them, nothing caches them.

class HomePage(PreviewMixin, PathRoutingMixin, Page): ...
"""

from .delivery.preview import PreviewMixin

__all__ = ["PreviewMixin"]
