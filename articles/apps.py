from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    label = "articles"
    verbose_name = "Newsroom articles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported once the models are: the handlers are wired to them.
        from . import checks  # noqa: F401 - registers the system checks
        from .publishing import handlers, upkeep

        handlers.register_signal_handlers()
        post_migrate.connect(upkeep.upkeep_after_migrate, sender=self)
