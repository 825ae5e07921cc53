from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect

from .wordpress import redirects


class LegacyRedirectMiddleware:
    """
    Old WordPress addresses answer with one 301 to their new place.

    The query forms (/?p=12) would otherwise show the home page, so they are
    answered before the view; an unknown one is a 404. Every other old
    address is looked up only when the site has nothing there (a 404), so
    the site's own pages cost no query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if request.path == "/" and redirects.query_key("/", request.GET):
            target = redirects.find(request.path, request.GET)
            if target is None:
                raise Http404
            return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404:
            target = redirects.find(request.path)
            if target is not None:
                return HttpResponsePermanentRedirect(target)
        return response
