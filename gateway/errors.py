"""The cartgate error tree: every failure a client can see, each with one return code.

Raised where the problem is known, turned into the API2Cart-shaped envelope in exactly one
place (the error middleware in ``gateway.api``). Codes 0-116 are API2Cart's published return
codes, so an API2Cart client reads them unchanged; 117 and above are cartgate's own.

    CartgateError (9, internal)
    ├── ServiceUnavailable (1)
    ├── AuthError
    │   ├── InvalidApiKey (2)
    │   ├── StoreAccessDenied (4)
    │   ├── ApiAccessDenied (5)          read-only key on a write method
    │   └── ApiKeyDisabled (6)           revoked key
    ├── MethodNotSpecified (3)           no method, or a method cartgate does not know
    ├── RateLimited
    │   ├── StoreRateLimited (7)
    │   └── AccountRateLimited (10)      carries retry_after
    ├── StoreAlreadyExists (8)
    ├── RequestError
    │   ├── InvalidParameter (109)       names the parameter
    │   ├── MissingParameter (114)
    │   ├── TooManyItems (111)
    │   ├── RequestTooLarge (117)
    │   ├── MalformedRequest (118)       invalid JSON, wrong HTTP method
    │   ├── InvalidCursor (119)          forged or foreign page_cursor
    │   └── IdempotencyKeyReused (121)   same key, different request
    ├── ResourceError
    │   ├── NotFound (112)
    │   ├── AlreadyExists (113)
    │   └── DuplicateRecord (116)
    ├── NotSupported (120)               the platform cannot do this method
    ├── StoreError
    │   ├── StoreApiError (100)          platform refused credentials / API failed
    │   ├── StoreNotFound (101)
    │   ├── StoreUnreachable (106)
    │   ├── StoreUncategorized (107)
    │   ├── PlatformRateLimited (110)
    │   └── FtpError
    │       ├── FtpAccessError (102)
    │       ├── FtpWriteError (103)
    │       └── FtpStoreDirError (104)
    └── BridgeError (105)                the bridge answered with an error
        ├── BridgeNotInstalled (130)
        ├── BridgeAuthFailed (131)       wrong store key / signature refused
        ├── BridgeWrongCart (132)
        ├── BridgeVersionTooOld (133)
        ├── BridgeQueryError (134)
        └── BridgeProtocolError (135)    response could not be opened or verified

Messages are safe to show to the client: never a key, credential, SQL text or personal data.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "AccountRateLimited",
    "AlreadyExists",
    "ApiAccessDenied",
    "ApiKeyDisabled",
    "AuthError",
    "BridgeAuthFailed",
    "BridgeError",
    "BridgeNotInstalled",
    "BridgeProtocolError",
    "BridgeQueryError",
    "BridgeVersionTooOld",
    "BridgeWrongCart",
    "CartgateError",
    "DuplicateRecord",
    "FtpAccessError",
    "FtpError",
    "FtpStoreDirError",
    "FtpWriteError",
    "IdempotencyKeyReused",
    "InvalidApiKey",
    "InvalidCursor",
    "InvalidParameter",
    "MalformedRequest",
    "MethodNotSpecified",
    "MissingParameter",
    "NotFound",
    "NotSupported",
    "PlatformRateLimited",
    "RateLimited",
    "RequestError",
    "RequestTooLarge",
    "ResourceError",
    "ServiceUnavailable",
    "StoreAccessDenied",
    "StoreAlreadyExists",
    "StoreApiError",
    "StoreError",
    "StoreNotFound",
    "StoreRateLimited",
    "StoreUncategorized",
    "StoreUnreachable",
    "TooManyItems",
    "all_error_classes",
]


class CartgateError(Exception):
    """Base of every error a client can see; unknown failures surface as this (code 9)."""

    return_code: ClassVar[int] = 9
    default_message: ClassVar[str] = "Internal service error"

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        self.message = message or self.default_message
        self.field = field
        super().__init__(self.message)


class ServiceUnavailable(CartgateError):
    """The gateway or a dependency is down for the moment."""

    return_code = 1
    default_message = "Service not available"


class AuthError(CartgateError):
    """The caller is not allowed to make this call."""


class InvalidApiKey(AuthError):
    """No API key, or one cartgate does not know."""

    return_code = 2
    default_message = "Incorrect API Key"


class StoreAccessDenied(AuthError):
    """The store key is missing, unknown or belongs to another account."""

    return_code = 4
    default_message = "Store access denied"


class ApiAccessDenied(AuthError):
    """The key may not call this method (a read-only key on a write method)."""

    return_code = 5
    default_message = "API access denied"


class ApiKeyDisabled(AuthError):
    """The key was revoked."""

    return_code = 6
    default_message = "API Key is disabled"


class MethodNotSpecified(CartgateError):
    """No method was named, or the named method does not exist."""

    return_code = 3
    default_message = "Method is not specified"


class RateLimited(CartgateError):
    """Too many requests; ``retry_after`` says how many seconds to wait."""

    def __init__(self, message: str | None = None, *, retry_after: float = 1.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class StoreRateLimited(RateLimited):
    """Too many requests for one store."""

    return_code = 7
    default_message = "Store request limit exceeded"


class AccountRateLimited(RateLimited):
    """Too many requests for one API key."""

    return_code = 10
    default_message = "Account request limit exceeded"


class StoreAlreadyExists(CartgateError):
    """The account already has a store with this URL and platform."""

    return_code = 8
    default_message = "Store already exists"


class RequestError(CartgateError):
    """The request itself is wrong; the message names what."""


class InvalidParameter(RequestError):
    """A parameter is unknown, of the wrong type or out of range."""

    return_code = 109
    default_message = "Incorrect parameters"


class MissingParameter(RequestError):
    """A required parameter is absent."""

    return_code = 114
    default_message = "Required parameter is not specified"


class TooManyItems(RequestError):
    """More items were requested than the method allows."""

    return_code = 111
    default_message = "Too many items requested"


class RequestTooLarge(RequestError):
    """The request body is over the configured limit."""

    return_code = 117
    default_message = "Request body too large"


class MalformedRequest(RequestError):
    """The body is not valid JSON or form data, or the HTTP method is not allowed."""

    return_code = 118
    default_message = "Malformed request"


class InvalidCursor(RequestError):
    """The page_cursor was not issued by this gateway for this request."""

    return_code = 119
    default_message = "Invalid page_cursor"


class IdempotencyKeyReused(RequestError):
    """An idempotency_key was reused with a different request."""

    return_code = 121
    default_message = "idempotency_key was already used for a different request"


class ResourceError(CartgateError):
    """The named record does not fit the request."""


class NotFound(ResourceError):
    """The record (product, order, category ...) does not exist."""

    return_code = 112
    default_message = "Item not found"


class AlreadyExists(ResourceError):
    """The record to create already exists."""

    return_code = 113
    default_message = "Entity already exists"


class DuplicateRecord(ResourceError):
    """A unique value (SKU, email ...) is already taken."""

    return_code = 116
    default_message = "Duplicate record in database"


class NotSupported(CartgateError):
    """The store's platform cannot do this method; never answered with a fake result."""

    return_code = 120
    default_message = "Method is not supported by this platform"


class StoreError(CartgateError):
    """The store or its platform failed."""


class StoreApiError(StoreError):
    """The platform's API refused the credentials or failed."""

    return_code = 100
    default_message = "Store API access error"


class StoreNotFound(StoreError):
    """The store key names no store."""

    return_code = 101
    default_message = "Store not found"


class StoreUnreachable(StoreError):
    """The store URL did not answer."""

    return_code = 106
    default_message = "Store URL is not reachable"


class StoreUncategorized(StoreError):
    """The store answered with an error cartgate cannot classify."""

    return_code = 107
    default_message = "Uncategorized error received from the store"


class PlatformRateLimited(StoreError):
    """The platform refused for rate limiting even after waiting as it asked."""

    return_code = 110
    default_message = "Too many requests to the store's API"


class FtpError(StoreError):
    """Uploading the bridge over FTP failed."""


class FtpAccessError(FtpError):
    """FTP login failed or the server did not answer."""

    return_code = 102
    default_message = "Incorrect FTP access"


class FtpWriteError(FtpError):
    """The FTP user may not write the bridge folder."""

    return_code = 103
    default_message = "Incorrect FTP write permissions"


class FtpStoreDirError(FtpError):
    """ftp_store_dir does not hold the shop."""

    return_code = 104
    default_message = "Wrong ftp_store_dir, can't find a bridge"


class BridgeError(CartgateError):
    """The bridge answered with an error."""

    return_code = 105
    default_message = "Connection Bridge response error"


class BridgeNotInstalled(BridgeError):
    """No bridge answers at bridge_url."""

    return_code = 130
    default_message = "Bridge is not installed at the given URL"


class BridgeAuthFailed(BridgeError):
    """The bridge refused the request's signature: wrong store key or key pair."""

    return_code = 131
    default_message = "Bridge refused the request signature (wrong store key?)"


class BridgeWrongCart(BridgeError):
    """The bridge found a different cart than cart_id says."""

    return_code = 132
    default_message = "Bridge found a different cart type"


class BridgeVersionTooOld(BridgeError):
    """The bridge speaks an older protocol version than the gateway needs."""

    return_code = 133
    default_message = "Bridge version is too old; download the bridge again"


class BridgeQueryError(BridgeError):
    """A statement failed in the shop's database (no SQL text is echoed)."""

    return_code = 134
    default_message = "Bridge query failed"


class BridgeProtocolError(BridgeError):
    """The bridge's response could not be opened or verified."""

    return_code = 135
    default_message = "Bridge response could not be verified"


def all_error_classes() -> list[type[CartgateError]]:
    """Every class in the tree, for the test that proves each maps to a distinct code."""
    found: list[type[CartgateError]] = [CartgateError]
    queue: list[type[CartgateError]] = [CartgateError]
    while queue:
        cls = queue.pop()
        for sub in cls.__subclasses__():
            if sub not in found:
                found.append(sub)
                queue.append(sub)
    return found
