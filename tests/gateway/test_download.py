"""bridge.download.file: the zip as a file for API2Cart clients, behind the same keys."""

from __future__ import annotations

import io
import zipfile

from tests.gateway.conftest import Gateway


async def test_bridge_zip_downloads_as_a_file_with_the_store_config(gateway: Gateway) -> None:
    key = await gateway.account()
    reserved = await gateway.call("cart.bridge", key)
    assert reserved["return_code"] == 0
    store_key = reserved["result"]["store_key"]
    url = reserved["result"]["bridge"]
    path = url[url.index("/v1.1/") :]
    response = await gateway.client.get(path, headers={"x-api-key": key})
    assert response.status == 200 and response.content_type == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(await response.read()))
    names = set(archive.namelist())
    assert {"bridge2cart/bridge.php", "bridge2cart/config.php"} <= names
    assert store_key in archive.read("bridge2cart/config.php").decode()

    other = await gateway.account(name="other")
    refused = await gateway.client.get(path, headers={"x-api-key": other})
    assert refused.content_type == "application/json" and (await refused.json())["return_code"] == 101
    anonymous = await gateway.client.get(path)
    assert (await anonymous.json())["return_code"] == 2
