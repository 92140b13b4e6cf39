"""The OpenCart REST API connector (``cart_id=OpencartApi``): order.add and order.update in the 3.x, 4.0 and
4.1 dialects, detected per store (docs/platforms/opencart-rest.md)."""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr

from connectors.opencart_rest.handlers import HANDLERS, on_connect, validate
from connectors.spec import Capabilities, ConnectorSpec

__all__ = ["OPENCART_API", "OpencartApiCredentials"]


class OpencartApiCredentials(BaseModel):
    """What ``account.cart.add`` needs: an API user of the shop (admin: System → Users → API) and its key."""

    opencart_api_username: str = Field(min_length=1, max_length=64, description="API user name, e.g. Default.")
    opencart_api_key: SecretStr = Field(min_length=1, max_length=4096, description="That user's API key.")
    opencart_store_id: int = Field(default=0, ge=0, description="OpenCart store (multi-store shops); 0 = default.")
    opencart_language: str = Field(default="en-gb", min_length=2, max_length=16, description="Language code (4.1).")
    opencart_currency: str = Field(default="USD", min_length=3, max_length=3, description="Currency orders use.")
    opencart_customer_group_id: int = Field(default=1, ge=1, description="Customer group of guest orders.")


OPENCART_API = ConnectorSpec(
    cart_id="OpencartApi",
    display_name="OpenCart (REST API)",
    kind="rest",
    credentials=OpencartApiCredentials,
    handlers=HANDLERS,
    capabilities=Capabilities(writes=True),
    on_connect=on_connect,
    validate=validate,
)
