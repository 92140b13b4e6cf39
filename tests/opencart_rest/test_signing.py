"""The 4.1 signature the connector sends equals what the shop computes (the emulator's implementation, which
tests/emulators checks against PHP itself), for the awkward inputs the dialects doc names."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from connectors.opencart_rest.signing import SignedQuery, body_md5, form_pairs, php_clean, sign, signature_base
from tests.emulators import opencart_data as shop_side

FORMS: list[dict[str, Any]] = [
    {},
    {"order_id": "12", "order_status_id": "3", "comment": "Shipped"},
    {"firstname": "Tom & Jerry", "comment": "  spaced  ", "email": "a+b@example.com", "note": "~tilde <b>\"q\"</b>"},
    {"product": [{"product_id": "28", "quantity": "2"}, {"product_id": "40", "quantity": "1"}],
     "shipping_method": {"name": "Flat Shipping Rate", "code": "flat.flat", "cost": "5.0", "tax_class_id": "9"},
     "payment_address_1": "Straße 5", "empty": ""},
]  # fmt: skip


@pytest.mark.parametrize("form", FORMS)
def test_body_hash_matches_the_shop(form: dict[str, Any]) -> None:
    parsed = shop_side.php_clean(shop_side.php_form(form_pairs(form)))  # what $this->request->post holds
    assert php_clean(form) == parsed
    assert body_md5(form) == hashlib.md5(shop_side.http_build_query(parsed).encode(), usedforsecurity=False).hexdigest()


def test_signature_matches_the_shop_byte_for_byte() -> None:
    form = FORMS[3]
    query = SignedQuery("api/order", "confirm", "Default", 0, "en-gb", "USD", 1_780_000_000)
    ours = signature_base(query, host="shop.example.com:8080", directory="/shop/", form=form)
    theirs = shop_side.signature_base(route="api/order", call="confirm", username="Default",
                                      host="shop.example.com:8080", path="/shop/", store_id=0, language="en-gb",
                                      currency="USD", post=shop_side.php_clean(shop_side.php_form(form_pairs(form))),
                                      time=1_780_000_000)  # fmt: skip
    assert ours == theirs
    assert ours.endswith("\n1780000000\n") and ours.count("\n") == 10
    assert sign("k" * 64, ours) == shop_side.sign("k" * 64, theirs)
    assert sign("k" * 64, ours) != sign("k" * 63 + "j", ours)


def test_form_pairs_nest_like_a_browser_form() -> None:
    assert form_pairs({"product": [{"product_id": "28"}], "skip": None, "notify": True}) == [
        ("product[0][product_id]", "28"),
        ("notify", "1"),
    ]
