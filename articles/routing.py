"""The mixins a host site's page models use for one-query routing (``articles.delivery.routing``).

class HomePage(PathRoutingMixin, Page): ...
"""

from .delivery.routing import ChainAwareMixin, PathRoutingMixin

__all__ = ["ChainAwareMixin", "PathRoutingMixin"]
