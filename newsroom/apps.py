from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    label = "newsroom"
    verbose_name = "Newsroom reference site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import auth  # noqa: F401 - connects the login failure counters
