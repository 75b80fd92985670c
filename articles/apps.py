from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    label = "articles"
    verbose_name = "Newsroom articles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers

        signal_handlers.register_signal_handlers()

        from .upkeep import upkeep_after_migrate

        post_migrate.connect(upkeep_after_migrate, sender=self)
