from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("tags/<str:slug>/", views.tag_page, name="tag"),
]
