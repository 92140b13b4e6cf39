"""Money: ISO 4217 currencies with their minor units, and the decimals rule for amounts.

An amount is a ``Decimal``; its currency says how many decimals it may carry (JPY 0, EUR 2,
KWD 3, CLF 4). Platforms answer prices in the store's currency, so a model holds bare amounts
and the currency once (on the order, on the store); ``Money`` pairs them where both travel
together, e.g. in write validation.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainSerializer, field_validator, model_validator

from gateway.errors import InvalidParameter

__all__ = [
    "CURRENCY_MINOR_UNITS",
    "MAX_MINOR_UNITS",
    "Amount",
    "Money",
    "check_amount",
    "decimals_of",
    "excess_decimals",
    "is_currency",
    "minor_units",
    "to_json_number",
]

# ISO 4217 active codes (list one, 2024 edition) whose minor unit is not 2; every other code
# listed in _TWO_DECIMALS has 2. Fund and metal codes without a minor unit (XAU, XDR ...) are left out.
_NOT_TWO: dict[str, int] = {
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
    "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    "CLF": 4, "UYW": 4,
}  # fmt: skip
_TWO_DECIMALS = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD "
    "CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL "
    "GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD "
    "LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN "
    "PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB "
    "TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG"
).split()

CURRENCY_MINOR_UNITS: Mapping[str, int] = MappingProxyType({**dict.fromkeys(_TWO_DECIMALS, 2), **_NOT_TWO})
MAX_MINOR_UNITS = max(CURRENCY_MINOR_UNITS.values())


def is_currency(code: str) -> bool:
    """True when ``code`` is an active ISO 4217 code (upper case, as ISO spells it)."""
    return code in CURRENCY_MINOR_UNITS


def minor_units(code: str, *, field: str = "currency") -> int:
    """Decimals the currency allows. Raises InvalidParameter (109) naming ``field`` if unknown."""
    try:
        return CURRENCY_MINOR_UNITS[code]
    except KeyError:
        raise InvalidParameter(f"Parameter '{field}' is not a known ISO 4217 currency", field=field) from None


def decimals_of(value: Decimal) -> int:
    """Decimals written in ``value`` once trailing zeros are ignored (19.90 has 1, 20 has 0)."""
    exponent = value.normalize().as_tuple().exponent
    if not isinstance(exponent, int):  # NaN / Infinity
        raise ValueError("amount is not a finite number")
    return max(0, -exponent)


def check_amount(value: Decimal, currency: str, *, field: str, allow_negative: bool = False) -> Decimal:
    """``value`` if it is finite, not negative (unless allowed) and fits the currency's decimals.

    Raises InvalidParameter (109) naming ``field`` (or ``currency`` for an unknown currency).
    """
    units = minor_units(currency)
    if not value.is_finite():
        raise InvalidParameter(f"Parameter '{field}' is not a finite amount", field=field)
    if value < 0 and not allow_negative:
        raise InvalidParameter(f"Parameter '{field}' must not be negative", field=field)
    if decimals_of(value) > units:
        raise InvalidParameter(f"Parameter '{field}' has more decimals than {currency} allows ({units})", field=field)
    return value


def excess_decimals(amounts: Mapping[str, Decimal | None], currency: str) -> list[str]:
    """Names of the amounts with more decimals than ``currency`` allows (for read-side reports).

    Raises InvalidParameter (109) if ``currency`` is unknown.
    """
    units = minor_units(currency)
    return [
        name
        for name, value in amounts.items()
        if value is not None and (not value.is_finite() or _more_decimals_than(value, units))
    ]


def _more_decimals_than(value: Decimal, units: int) -> bool:
    """``decimals_of(value) > units``, without normalizing the common case (an exponent already in range)."""
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent < -units and decimals_of(value) > units


def to_json_number(value: Decimal) -> int | float:
    """Decimal as a JSON number, as API2Cart's schemas type money (``number``).

    Amounts carry at most 4 decimals and stay below 10**11, so the float's shortest repr is the
    exact decimal (15 significant digits round-trip); integral values leave as integers.
    """
    if value == value.to_integral_value():
        return int(value)
    return float(value)


# A money amount: Decimal in Python, a JSON number on the wire.
Amount = Annotated[Decimal, PlainSerializer(to_json_number, return_type=Any, when_used="json")]


class Money(BaseModel):
    """An amount with its currency; construction enforces the decimals rule."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    amount: Amount
    currency: str

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        if not is_currency(value):
            raise ValueError("not a known ISO 4217 currency")
        return value

    @field_validator("amount", mode="before")
    @classmethod
    def _exact(cls, value: object) -> object:
        # a float would carry binary noise (0.1 + 0.2); go through its repr, which is what was meant
        if isinstance(value, float):
            try:
                return Decimal(repr(value))
            except InvalidOperation:
                raise ValueError("amount is not a number") from None
        return value

    @model_validator(mode="after")
    def _fits_currency(self) -> Money:
        if not self.amount.is_finite() or decimals_of(self.amount) > CURRENCY_MINOR_UNITS[self.currency]:
            raise ValueError(f"amount has more decimals than {self.currency} allows")
        return self
