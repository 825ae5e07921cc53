from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("danke/", views.subscribe_done, name="subscribe_done"),
    path("bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("abmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("archiv/", views.IssueListView.as_view(), name="archive"),
    path("archiv/<slug:slug>/", views.IssueDetailView.as_view(), name="issue_detail"),
]
