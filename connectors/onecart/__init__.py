"""The OneCart connector (API2Cart ``cart_id=OneCart``): OneCart API v2 through the shared REST client."""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr

from connectors.onecart.handlers import HANDLERS, on_connect, validate
from connectors.spec import Capabilities, ConnectorSpec
from gateway.http.platforms import ONECART_POLICY

__all__ = ["ONECART", "OneCartCredentials"]


class OneCartCredentials(BaseModel):
    """What ``account.cart.add`` needs for OneCart: an API key (Settings -> API Keys, full or read-only)."""

    onecart_api_key: SecretStr = Field(min_length=8, max_length=512, description="OneCart API key.")


ONECART = ConnectorSpec(
    cart_id="OneCart",
    display_name="OneCart (API v2)",
    kind="rest",
    credentials=OneCartCredentials,
    handlers=HANDLERS,
    capabilities=Capabilities(writes=True),
    rate_policy=ONECART_POLICY,
    on_connect=on_connect,
    validate=validate,
)
