"""Write bridge_plugin/vectors/v1.json: fixed keys, nonces, times and the bytes they must give.

Run ``python3 -m tests.bridge.make_vectors`` only when the protocol changes on purpose (with
PROTOCOL.md and bridge.php); the tests check that protocol.py still reproduces every byte.
The RSA keys here are test keys, published on purpose; never use them for a store.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from gateway.bridge.protocol import (
    BridgeSecrets,
    IncomingRequest,
    StoreSecrets,
    build_request,
    canonical_string,
    seal_response,
)

VECTORS = Path(__file__).resolve().parents[2] / "bridge_plugin" / "vectors" / "v1.json"
STORE_KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
OTHER_STORE_KEY = "ffeeddccbbaa99887766554433221100"
NOW = 1_767_225_600  # 2026-01-01T00:00:00Z


def _pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def _public_pem(key: rsa.RSAPrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def _request_cases() -> list[dict[str, Any]]:
    return [
        {
            "name": "info",
            "action": "info",
            "params": {},
            "mode": "aead",
            "now": NOW,
            "nonce": bytes(range(16)),
            "iv": bytes(range(100, 112)),
        },
        {
            "name": "query_with_personal_data",
            "action": "query",
            "mode": "aead",
            "now": NOW + 7,
            "params": {
                "sql": "SELECT customer_id, email FROM {table_prefix}customer WHERE email = ? AND status = ?",
                "params": ["zoë.ångström+test@example.com", 1],
                "limit": 1000,
            },
            "nonce": bytes(range(16, 40)),
            "iv": bytes(range(50, 62)),
        },
        {
            "name": "batch",
            "action": "batch",
            "mode": "aead",
            "now": NOW - 12,
            "params": {
                "statements": [
                    {"sql": "INSERT INTO {table_prefix}product (model, price) VALUES (?, ?)", "params": ["SKU-1", 9.5]},
                    {"sql": "UPDATE {table_prefix}product SET quantity = ? WHERE model = ?", "params": [None, "SKU-1"]},
                ]
            },
            "nonce": bytes(range(40, 56)),
            "iv": bytes(range(0, 24, 2)),
        },
        {
            "name": "plain_mode",
            "action": "query",
            "mode": "plain",
            "now": NOW,
            "params": {"sql": "SELECT 1", "params": []},
            "nonce": b"p" * 16,
            "iv": b"\0" * 12,
        },
        {
            "name": "rsa_chunked_mode",
            "action": "query",
            "mode": "rsa-chunked",
            "now": NOW,
            "params": {"sql": "SELECT 2", "params": []},
            "nonce": b"c" * 16,
            "iv": b"\1" * 12,
        },
    ]


def _resign(envelope: dict[str, Any], store_key: str, private_key: rsa.RSAPrivateKey) -> dict[str, Any]:
    """Recompute both signatures after a field was changed (a well-signed but unwanted request)."""
    payload = base64.b64decode(envelope["payload"])
    canon = canonical_string(
        envelope["v"], envelope["action"], envelope["ts"], envelope["nonce"], envelope["mode"], payload
    )
    envelope["hmac"] = hmac.new(store_key.encode(), canon, hashlib.sha256).hexdigest()
    envelope["sig"] = base64.b64encode(private_key.sign(canon, padding.PKCS1v15(), hashes.SHA256())).decode()
    return envelope


def _refusals(base: dict[str, Any], key: rsa.RSAPrivateKey, other: rsa.RSAPrivateKey) -> list[dict[str, Any]]:
    def env(**changes: Any) -> dict[str, Any]:
        return {**base, **changes}

    flipped_payload = bytearray(base64.b64decode(base["payload"]))
    flipped_payload[20] ^= 0x01
    wrong_key_store = StoreSecrets(OTHER_STORE_KEY, key)
    wrong_encryption = json.loads(
        build_request(wrong_key_store, "info", {}, now=NOW, nonce=b"w" * 16, iv=b"\2" * 12).body
    )
    cases: list[tuple[str, dict[str, Any] | str, int, str, str, bool]] = [
        ("unsigned", {k: v for k, v in base.items() if k not in ("hmac", "sig")}, NOW, "malformed", "body", False),
        ("malformed_json", '{"v":1,"action":', NOW, "malformed", "body", False),
        ("extra_field", env(extra=1), NOW, "malformed", "body", False),
        ("ts_as_string", env(ts=str(NOW)), NOW, "malformed", "ts", False),
        ("stale", base, NOW + 301, "stale", "ts", False),
        ("future", base, NOW - 301, "stale", "ts", False),
        ("unsupported_version", _resign(env(v=2), STORE_KEY, key), NOW, "unsupported_version", "v", False),
        ("wrong_store_key", _resign(dict(base), OTHER_STORE_KEY, key), NOW, "bad_hmac", "hmac", False),
        (
            "wrong_rsa_key",
            {**_resign(dict(base), STORE_KEY, other), "hmac": base["hmac"]},
            NOW,
            "bad_signature",
            "sig",
            False,
        ),
        ("tampered_action", env(action="batch"), NOW, "bad_hmac", "hmac", False),
        (
            "tampered_payload",
            env(payload=base64.b64encode(bytes(flipped_payload)).decode()),
            NOW,
            "bad_hmac",
            "hmac",
            False,
        ),
        (
            "downgrade_to_plain",
            json.loads(
                build_request(
                    StoreSecrets(STORE_KEY, key),
                    "query",
                    {"sql": "SELECT 1"},
                    now=NOW,
                    nonce=b"d" * 16,
                    iv=b"\0" * 12,
                    mode="plain",
                ).body
            ),
            NOW,
            "downgrade",
            "mode",
            False,
        ),
        ("payload_under_other_key", _resign(wrong_encryption, STORE_KEY, key), NOW, "bad_payload", "payload", False),
    ]
    return [
        {
            "name": name,
            "body": body if isinstance(body, str) else json.dumps(body, separators=(",", ":")),
            "now": now,
            "code": code,
            "field": field,
            "allow_plain": allow_plain,
        }
        for name, body, now, code, field, allow_plain in cases
    ]


def build() -> dict[str, Any]:
    """Every vector, as the JSON document written to VECTORS."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    store = StoreSecrets(STORE_KEY, key)
    bridge = BridgeSecrets(STORE_KEY, key.public_key())
    requests, responses = [], []
    for case in _request_cases():
        sent = build_request(
            store,
            case["action"],
            case["params"],
            now=case["now"],
            nonce=case["nonce"],
            iv=case["iv"],
            mode=case["mode"],
        )
        envelope = json.loads(sent.body)
        payload = base64.b64decode(envelope["payload"])
        requests.append(
            {
                "name": case["name"],
                "action": case["action"],
                "params": case["params"],
                "mode": case["mode"],
                "now": case["now"],
                "nonce_hex": case["nonce"].hex(),
                "iv_hex": case["iv"].hex(),
                "canonical": canonical_string(
                    1, case["action"], case["now"], sent.nonce, case["mode"], payload
                ).decode(),
                "hmac": envelope["hmac"],
                "sig": envelope["sig"],
                "payload": envelope["payload"],
                "body": sent.body.decode(),
            }
        )
        incoming = IncomingRequest(1, case["action"], case["now"], sent.nonce, case["mode"], dict(case["params"]))
        result = {"columns": ["id", "name"], "rows": [[1, 'Zoë\'s "mug" 1/2'], [2, "ünïcode ✓"]], "more": False}
        response_key, iv = hashlib.sha256(case["name"].encode()).digest(), bytes(range(12))
        for status, payload_result in (
            (0, result),
            (1, {"code": "sql_error", "errno": 1062, "sqlstate": "23000", "index": 0}),
        ):
            body = seal_response(payload_result, incoming, bridge, response_key=response_key, iv=iv, status=status)
            responses.append(
                {
                    "name": f"{case['name']}_status{status}",
                    "request": case["name"],
                    "nonce": sent.nonce,
                    "action": case["action"],
                    "mode": case["mode"],
                    "status": status,
                    "result": payload_result,
                    "response_key_hex": response_key.hex(),
                    "iv_hex": iv.hex(),
                    "zlib_level": 1,
                    "body_hex": body.hex(),
                }
            )
    base = json.loads(requests[0]["body"])
    return {
        "comment": "Shared vectors of bridge protocol v1 (PROTOCOL.md). Test keys, published on purpose.",
        "protocol": 1,
        "store_key": STORE_KEY,
        "private_key_pem": _pem(key),
        "public_key_pem": _public_pem(key),
        "derived": {"request_encryption": store.request_encryption.hex(), "response_mac": store.response_mac.hex()},
        "requests": requests,
        "responses": responses,
        "refusals": _refusals(base, key, other),
    }


if __name__ == "__main__":
    VECTORS.write_text(json.dumps(build(), indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {VECTORS}")
