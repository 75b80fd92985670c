from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    label = "articles"
    verbose_name = "Newsroom articles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers

        signal_handlers.register_signal_handlers()
