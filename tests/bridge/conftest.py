"""Shared fixtures of the bridge tests: the vectors, their keys, and PHP."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from gateway.bridge.protocol import BridgeSecrets, StoreSecrets

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "bridge_plugin"
VECTORS_FILE = PLUGIN / "vectors" / "v1.json"


@pytest.fixture(scope="session")
def vectors() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(VECTORS_FILE.read_text())
    return data


@pytest.fixture(scope="session")
def vector_store(vectors: dict[str, Any]) -> StoreSecrets:
    key = serialization.load_pem_private_key(vectors["private_key_pem"].encode(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return StoreSecrets(vectors["store_key"], key)


@pytest.fixture(scope="session")
def vector_bridge(vector_store: StoreSecrets) -> BridgeSecrets:
    return BridgeSecrets(vector_store.store_key, vector_store.private_key.public_key())


@pytest.fixture(scope="session")
def php() -> str:
    path = shutil.which("php")
    if path is None:
        pytest.fail("php-cli is required (./scripts/test installs it)")
    return path
