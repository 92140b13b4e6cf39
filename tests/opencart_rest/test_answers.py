"""Reading the shop's answers: which ones mean a dead session, an IP refusal, or nothing of the kind."""

from __future__ import annotations

from connectors.opencart_rest.dialects import Answer, refused_ip, session_refused


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
