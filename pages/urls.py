from django.urls import path

from blog.wordpress.redirects import QUERY_KEYS
from pusteblume_site.page_cache import reads_params

from . import views

app_name = "pages"
urlpatterns = [
    # WordPress's old addresses (/?p=12) come to the home page's address;
    # they pass the page cache uncached, to the old-address middleware.
    path("", reads_params(*QUERY_KEYS, cache=False)(views.home), name="home"),
    path("<slug:slug>/", views.page_detail, name="page_detail"),
]
