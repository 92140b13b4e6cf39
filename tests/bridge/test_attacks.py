"""The attack matrix against the live bridge: each attack gets its coded refusal and changes nothing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import os
import time
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from gateway.bridge.client import BridgeClient
from gateway.bridge.protocol import OutgoingRequest, StoreSecrets, build_request, canonical_string, open_response
from gateway.errors import BridgeProtocolError
from tests.bridge import shop
from tests.bridge.conftest import LiveShop

pytestmark = [pytest.mark.php, pytest.mark.mariadb]

INSERT_PRODUCT = "INSERT INTO {table_prefix}product (model, sku, date_added, date_modified) VALUES (?, ?, NOW(), NOW())"

ATTACK_INSERT = {
    "statements": [
        {
            "sql": INSERT_PRODUCT,
            "params": ["ATTACK", "attack"],
        }
    ]
}
OTHER_RSA = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _envelope(
    store: StoreSecrets,
    *,
    action: str = "batch",
    params: dict[str, Any] | None = None,
    now_offset: int = 0,
    mode: str = "aead",
) -> dict[str, Any]:
    sent = build_request(
        store,
        action,
        ATTACK_INSERT if params is None else params,
        now=int(time.time()) + now_offset,
        nonce=os.urandom(16),
        iv=os.urandom(12),
        mode=mode,
    )  # type: ignore[arg-type]
    envelope: dict[str, Any] = json.loads(sent.body)
    return envelope


def _resign(env: dict[str, Any], store_key: str, key: rsa.RSAPrivateKey) -> dict[str, Any]:
    """Both signatures recomputed: with another RSA key this is a right HMAC under an untrusted signature."""
    canon = canonical_string(
        env["v"], env["action"], env["ts"], env["nonce"], env["mode"], base64.b64decode(env["payload"])
    )
    return {
        **env,
        "hmac": hmac.new(store_key.encode(), canon, hashlib.sha256).hexdigest(),
        "sig": base64.b64encode(key.sign(canon, padding.PKCS1v15(), hashes.SHA256())).decode(),
    }


def _flip_payload(env: dict[str, Any]) -> dict[str, Any]:
    raw = bytearray(base64.b64decode(env["payload"]))
    raw[-1] ^= 0x01
    return {**env, "payload": base64.b64encode(bytes(raw)).decode()}


Attack = Callable[[StoreSecrets], bytes]


def _json(env: dict[str, Any]) -> bytes:
    return json.dumps(env).encode()


ATTACKS: dict[str, tuple[Attack, str, int]] = {
    "unsigned": (
        lambda s: _json({k: v for k, v in _envelope(s).items() if k not in ("hmac", "sig")}),
        "malformed",
        400,
    ),
    "wrong_rsa_key": (lambda s: _json(_resign(_envelope(s), s.store_key, OTHER_RSA)), "bad_signature", 401),
    "wrong_store_key": (lambda s: _json(_envelope(StoreSecrets("0" * 32, s.private_key))), "bad_hmac", 401),
    "tampered_payload": (lambda s: _json(_flip_payload(_envelope(s))), "bad_hmac", 401),
    "tampered_action": (lambda s: _json({**_envelope(s), "action": "query"}), "bad_hmac", 401),
    "stale_timestamp": (lambda s: _json(_envelope(s, now_offset=-301)), "stale", 401),
    "future_timestamp": (lambda s: _json(_envelope(s, now_offset=+301)), "stale", 401),
    "unsupported_version": (
        lambda s: _json(_resign({**_envelope(s), "v": 2}, s.store_key, s.private_key)),
        "unsupported_version",
        400,
    ),
    "downgrade_to_plain": (lambda s: _json(_envelope(s, mode="plain")), "downgrade", 403),
    "oversized_body": (lambda s: b" " * (1024 * 1024 + 1), "too_large", 413),
    "malformed_json": (lambda s: b'{"v": 1, "action": "batch", ', "malformed", 400),
    "unknown_action": (lambda s: _json(_envelope(s, action="drop_everything")), "unknown_action", 400),
    "payload_under_other_key": (
        lambda s: _json(_resign(_envelope(StoreSecrets("1" * 32, s.private_key)), s.store_key, s.private_key)),
        "bad_payload",
        400,
    ),
}


async def _post(http: aiohttp.ClientSession, url: str, body: bytes) -> tuple[int, bytes, str]:
    async with http.post(url, data=io.BytesIO(body), headers={"Content-Type": "application/json"}) as answer:
        return answer.status, await answer.read(), answer.content_type


def _attack_rows(live_shop: LiveShop) -> int:
    return int(shop.sql("SELECT COUNT(*) FROM oc_product WHERE model = 'ATTACK'", live_shop.database))


@pytest.mark.parametrize("name", sorted(ATTACKS))
async def test_attack_is_refused_with_its_code_and_changes_nothing(
    name: str, live_shop: LiveShop, http: aiohttp.ClientSession
) -> None:
    build, code, status = ATTACKS[name]
    http_status, body, content_type = await _post(http, live_shop.bridge_url, build(live_shop.store))
    assert (http_status, content_type) == (status, "application/json")
    error = json.loads(body)["error"]
    assert error["code"] == code
    for leak in (live_shop.store.store_key, "INSERT", "ATTACK", live_shop.database, "Stack trace", "/tmp"):
        assert leak not in body.decode()
    assert _attack_rows(live_shop) == 0


async def test_replayed_request_is_refused_and_runs_once(live_shop: LiveShop, http: aiohttp.ClientSession) -> None:
    body = _json(
        _envelope(
            live_shop.store,
            params={
                "statements": [
                    {
                        "sql": INSERT_PRODUCT,
                        "params": ["REPLAY", "r"],
                    }
                ]
            },
        )
    )
    first = await _post(http, live_shop.bridge_url, body)
    assert first[0] == 200 and first[2] == "application/octet-stream"
    replay = await _post(http, live_shop.bridge_url, body)
    assert replay[0] == 401 and json.loads(replay[1])["error"]["code"] == "replayed"
    assert shop.sql("SELECT COUNT(*) FROM oc_product WHERE model = 'REPLAY'", live_shop.database).strip() == "1"
    shop.sql("DELETE FROM oc_product WHERE model = 'REPLAY'", live_shop.database)


async def test_response_swapped_between_two_requests_is_refused(
    live_shop: LiveShop, http: aiohttp.ClientSession
) -> None:
    now = int(time.time())
    sent: list[OutgoingRequest] = [
        build_request(
            live_shop.store,
            "query",
            {"sql": "SELECT ? AS n", "params": [n]},
            now=now,
            nonce=os.urandom(16),
            iv=os.urandom(12),
        )
        for n in (1, 2)
    ]
    answers = [await _post(http, live_shop.bridge_url, s.body) for s in sent]
    assert open_response(answers[0][1], sent[0], live_shop.store)[1]["rows"] == [[1]]
    with pytest.raises(BridgeProtocolError) as caught:
        open_response(answers[0][1], sent[1], live_shop.store)
    assert caught.value.field == "mac"


async def test_client_refuses_plain_mode_unless_allowed(live_shop: LiveShop, http: aiohttp.ClientSession) -> None:
    with pytest.raises(Exception) as caught:
        BridgeClient(http, live_shop.bridge_url, live_shop.store, mode="plain")
    assert getattr(caught.value, "field", None) == "mode"
