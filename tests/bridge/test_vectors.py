"""protocol.py against the shared vectors, whole and one flipped byte at a time (as h11's test_io)."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.bridge.protocol import (
    BridgeSecrets,
    OutgoingRequest,
    StoreSecrets,
    build_request,
    open_request,
    open_response,
)
from gateway.errors import BridgeProtocolError, CartgateError


def _accept_all(nonce: str, ts: int) -> bool:
    return True


def _sent(response: dict[str, Any]) -> OutgoingRequest:
    return OutgoingRequest(b"", response["action"], response["nonce"], response["mode"])


def _flips(data: bytes) -> list[bytes]:
    return [data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1 :] for i in range(len(data))]


def test_derived_keys_match(vectors: dict[str, Any], vector_store: StoreSecrets) -> None:
    assert vector_store.request_encryption.hex() == vectors["derived"]["request_encryption"]
    assert vector_store.response_mac.hex() == vectors["derived"]["response_mac"]


def test_requests_are_rebuilt_byte_for_byte(vectors: dict[str, Any], vector_store: StoreSecrets) -> None:
    for case in vectors["requests"]:
        sent = build_request(
            vector_store,
            case["action"],
            case["params"],
            now=case["now"],
            nonce=bytes.fromhex(case["nonce_hex"]),
            iv=bytes.fromhex(case["iv_hex"]),
            mode=case["mode"],
        )
        assert sent.body.decode() == case["body"], case["name"]


def test_requests_open_to_their_parameters(vectors: dict[str, Any], vector_bridge: BridgeSecrets) -> None:
    for case in vectors["requests"]:
        opened = open_request(
            case["body"].encode(), vector_bridge, now=case["now"], remember_nonce=_accept_all, allow_plain=True
        )
        assert (opened.action, opened.mode, opened.params) == (case["action"], case["mode"], case["params"])


def test_every_flipped_request_byte_is_refused(vectors: dict[str, Any], vector_bridge: BridgeSecrets) -> None:
    for case in vectors["requests"][:3]:
        for flipped in _flips(case["body"].encode()):
            with pytest.raises(CartgateError):
                open_request(flipped, vector_bridge, now=case["now"], remember_nonce=_accept_all)


def test_responses_open_to_their_results(vectors: dict[str, Any], vector_store: StoreSecrets) -> None:
    for case in vectors["responses"]:
        status, result = open_response(bytes.fromhex(case["body_hex"]), _sent(case), vector_store)
        assert (status, result) == (case["status"], case["result"]), case["name"]


def test_every_flipped_response_byte_is_refused(vectors: dict[str, Any], vector_store: StoreSecrets) -> None:
    for case in vectors["responses"][:4]:
        for flipped in _flips(bytes.fromhex(case["body_hex"])):
            with pytest.raises(BridgeProtocolError):
                open_response(flipped, _sent(case), vector_store)


def test_response_swapped_between_requests_is_refused(vectors: dict[str, Any], vector_store: StoreSecrets) -> None:
    first, second = vectors["responses"][0], vectors["responses"][2]
    assert first["nonce"] != second["nonce"]
    with pytest.raises(BridgeProtocolError) as caught:
        open_response(bytes.fromhex(first["body_hex"]), _sent(second), vector_store)
    assert caught.value.field == "mac"


def test_refusal_vectors_give_their_codes(vectors: dict[str, Any], vector_bridge: BridgeSecrets) -> None:
    for case in vectors["refusals"]:
        with pytest.raises(CartgateError) as caught:
            open_request(
                case["body"].encode(),
                vector_bridge,
                now=case["now"],
                remember_nonce=_accept_all,
                allow_plain=case["allow_plain"],
            )
        assert (caught.value.bridge_code, caught.value.field) == (case["code"], case["field"]), case["name"]  # type: ignore[attr-defined]


def test_replayed_nonce_is_refused(vectors: dict[str, Any], vector_bridge: BridgeSecrets) -> None:
    seen: set[str] = set()

    def remember(nonce: str, ts: int) -> bool:
        fresh = nonce not in seen
        seen.add(nonce)
        return fresh

    case = vectors["requests"][0]
    open_request(case["body"].encode(), vector_bridge, now=case["now"], remember_nonce=remember)
    with pytest.raises(CartgateError) as caught:
        open_request(case["body"].encode(), vector_bridge, now=case["now"], remember_nonce=remember)
    assert caught.value.bridge_code == "replayed"  # type: ignore[attr-defined]
