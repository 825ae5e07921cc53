"""The members' area's answer to "may this request read this text?"."""

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest

from . import services

STRANGER_PREVIEW = "fremd"


def may_read(request: HttpRequest, obj: Model) -> bool:
    """
    Members with an entitlement in force to one of the products that open
    the text; editors too, unless they preview it as a stranger (?als=fremd).
    A request without a session cookie is a stranger: the session is not
    even looked at.
    """
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = request.user
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return request.GET.get("als") != STRANGER_PREVIEW
    product_ids = [product.pk for product in obj.member_products.all()]
    return services.has_access(user=user, product_ids=product_ids)
