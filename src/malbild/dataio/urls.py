from django.urls import path

from . import views, word_views

app_name = "dataio"

urlpatterns = [
    path(
        "documents/<ref:pk>/spreadsheet.<str:fmt>",
        views.DocumentSheetView.as_view(),
        name="document-sheet",
    ),
    path("documents/<ref:pk>/import/", views.ImportUploadView.as_view(), name="import-upload"),
    path("imports/<uuid:uid>/", views.ImportPreviewView.as_view(), name="import-preview"),
    path("imports/<uuid:uid>/status/", views.ImportStatusView.as_view(), name="import-status"),
    path("word-imports/new/", word_views.WordUploadView.as_view(), name="word-upload"),
    path("word-imports/<uuid:uid>/", word_views.WordPreviewView.as_view(), name="word-preview"),
]
