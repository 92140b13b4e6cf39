"""The CartRover connector (API2Cart ``cart_id=CartRover``): CartRover's Merchant API through the shared REST client."""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr, field_validator

from connectors.cartrover.handlers import HANDLERS, on_connect, validate
from connectors.spec import Capabilities, ConnectorSpec
from gateway.http.platforms import CARTROVER_POLICY

__all__ = ["CARTROVER", "CartRoverCredentials"]


class CartRoverCredentials(BaseModel):
    """What ``account.cart.add`` needs for CartRover: the Merchant API user and key (CartRover's
    "How To Get CartRover API Keys": shown in CartRover under the merchant's API settings)."""

    # Basic auth cannot carry a ':' in the user part (RFC 7617 section 2).
    cartrover_api_user: SecretStr = Field(min_length=1, max_length=255, description="CartRover Merchant API user.")

    @field_validator("cartrover_api_user")
    @classmethod
    def _no_colon(cls, value: SecretStr) -> SecretStr:
        if ":" in value.get_secret_value():
            raise ValueError("a CartRover API user has no ':'")
        return value

    cartrover_api_key: SecretStr = Field(min_length=1, max_length=512, description="CartRover Merchant API key.")


CARTROVER = ConnectorSpec(
    cart_id="CartRover",
    display_name="CartRover (Merchant API)",
    kind="rest",
    credentials=CartRoverCredentials,
    handlers=HANDLERS,
    capabilities=Capabilities(writes=True),
    rate_policy=CARTROVER_POLICY,
    on_connect=on_connect,
    validate=validate,
)
