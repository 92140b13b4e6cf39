"""Where the OpenCart emulator was corrected to match the dialects doc (docs/platforms/opencart-rest-dialects.md)
and OpenCart's code.

The doc's table, row "unknown call": "HTML 404 (no such route)" for 3.x; and under "Detecting the dialect":
"An HTML 404 on both login routes rules out 3.x and 4.0.x" (3.0.3.8 runs a missing controller's route as the
router's ``action_error``, ``error/not_found``, before any api controller checks the session). The emulator
used to answer 3.x's JSON permission error to every route without a session, so a 3.x shop asked for 4.0's
``api/account/login`` looked like a live API rather than a missing route.
"""

from __future__ import annotations

from pathlib import Path

from tests.emulators.opencart_rest import DEFAULT_KEY
from tests.opencart_rest.shop import opencart_rest_shop


async def test_v3_unknown_route_is_an_html_404_even_without_a_session(tmp_path: Path) -> None:
    async with opencart_rest_shop(tmp_path, "3.0", connect=False) as shop:
        client = shop.gateway.client.session
        for route in ("api/account/login", "api/sale/order.addHistory", "api/nothing"):
            async with client.post(shop.url + "/index.php", params={"route": route}) as resp:
                assert resp.status == 404 and resp.content_type == "text/html", route
        async with client.post(shop.url + "/index.php", params={"route": "api/order/history"}) as resp:
            assert resp.status == 200
            assert await resp.json() == {"error": "Warning: You do not have permission to access the API!"}


async def test_v3_cart_totals_carry_title_and_text_only(tmp_path: Path) -> None:
    """3.0.3.8 upload/catalog/controller/api/cart.php, products()::

        $json['totals'][] = array(
            'title' => $total['title'],
            'text'  => $this->currency->format($total['value'], $this->session->data['currency'])
        );

    The emulator used to add ``value`` and ``code`` (the seed's 4.0 CartTotal) in 3.x too.
    """
    async with opencart_rest_shop(tmp_path, "3.0") as shop:
        client = shop.gateway.client.session
        url = shop.url + "/index.php"
        form = {"username": "Default", "key": DEFAULT_KEY}
        async with client.post(url, params={"route": "api/login"}, data=form) as resp:
            token = (await resp.json())["api_token"]
        async with client.post(url, params={"route": "api/cart/products", "api_token": token}) as resp:
            totals = (await resp.json())["totals"]
        assert totals == [{"title": "Sub-Total", "text": "$0.00"}, {"title": "Total", "text": "$0.00"}]
