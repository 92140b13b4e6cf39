"""Reading the shop's answers: which ones mean a dead session, an IP refusal, or nothing of the kind."""

from __future__ import annotations

from decimal import Decimal

import pytest

from connectors.opencart_rest.dialects import Answer, refused_ip, session_refused
from connectors.opencart_rest.totals import money_from_text


def test_a_3x_permission_error_is_a_refused_session_in_either_shape() -> None:
    """3.0.3.8 answers ``$json['error'] = error_permission`` in api/order.php but
    ``$json['error']['warning'] = error_permission`` in api/cart.php."""
    text = "Warning: You do not have permission to access the API!"
    assert session_refused("3.x", Answer(200, {"error": text}))
    assert session_refused("3.x", Answer(200, {"error": {"warning": text}}))
    assert not session_refused("3.x", Answer(200, {"error": "Warning: Order could not be found!"}))
    assert session_refused("4.0", Answer(404, None, html=True))
    assert not session_refused("4.0", Answer(200, {"error": text}))


def test_the_refused_ip_is_read_from_either_login_answer() -> None:
    v3 = {"error": {"ip": "Warning: Your IP 203.0.113.7 is not allowed to access this API!", "key": "x"}}
    assert refused_ip(v3) == "203.0.113.7"
    assert refused_ip({"error": "Warnung: Ihre IP 2001:db8::7 ist nicht erlaubt!"}) == "2001:db8::7"
    assert refused_ip({"error": "Warning: Incorrect API Key!"}) is None
    assert refused_ip([]) is None


@pytest.mark.parametrize(
    ("text", "decimals", "amount"),
    [("$1,234.56", 2, "1234.56"), ("1.234,56€", 2, "1234.56"), ("€5,00", 2, "5.00"), ("$1,234", 2, "1234"),
     ("Fr. 5.00", 2, "5.00"), ("-$5.00", 2, "-5.00"), ("1 234,56 zł", 2, "1234.56"), ("¥1,234", 0, "1234")],
)  # fmt: skip
def test_a_formatted_total_is_read_back(text: str, decimals: int, amount: str) -> None:
    """3.x totals carry only ``currency->format(value)``: symbol left or right, either separator."""
    assert money_from_text(text, decimals) == Decimal(amount)


def test_an_unreadable_total_is_none() -> None:
    assert money_from_text("") is None and money_from_text("free") is None
