"""
The signed links of double opt-in mails (newsletter signup, reply
notifications): the link carries a row's key, signed with a timestamp, and
stays good for a while.
"""

import enum

from django.core import signing


class TokenState(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"
    INVALID = "invalid"


def read_timed_token(token: str, *, salt: str, max_age: int) -> tuple[TokenState, str]:
    """
    The key a link carries and whether the link is still fresh. An expired
    link still names its key (the page can offer a new mail); a forged or
    damaged one names none.
    """
    signer = signing.TimestampSigner(salt=salt)
    try:
        return TokenState.VALID, signer.unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        return TokenState.EXPIRED, signer.unsign(token)
    except signing.BadSignature:
        return TokenState.INVALID, ""
