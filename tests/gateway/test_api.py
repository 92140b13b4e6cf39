"""The HTTP API: envelope, keys, scopes, rate limits, bad input, cursors, field selection,
idempotency and tenant isolation, all through real HTTP requests."""

from __future__ import annotations

import asyncio
import base64
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, SecretStr

from connectors.spec import ConnectorContext, ConnectorSpec
from gateway.methods.table import ListParams, MethodSpec, Page
from gateway.settings import Settings
from tests.gateway.conftest import Gateway, start_gateway

TOTAL_ITEMS = 23


class ItemListParams(ListParams):
    pass


async def list_items(ctx: ConnectorContext, params: BaseModel) -> Page:
    assert isinstance(params, ItemListParams)
    after = int((ctx.cursor_state or {}).get("after", params.start))
    ids = list(range(after + 1, min(after + params.count, TOTAL_ITEMS) + 1))
    items = [{"id": str(i), "name": f"item {i}", "price": "9.99", "sku": f"SKU-{i}"} for i in ids]
    more = bool(ids) and ids[-1] < TOTAL_ITEMS
    # the filter the handler saw, so a test can tell that a cursor sent alone carried it
    seen = params.modified_from.isoformat() if params.modified_from else None
    return Page({"items_count": TOTAL_ITEMS, "item": items, "modified_from": seen},
                next_state={"after": ids[-1]} if more else None)


class SecretCredentials(BaseModel):
    model_config = {"extra": "forbid"}
    test_api_key: SecretStr


ITEM_LIST = MethodSpec(
    "test.item.list", ItemListParams, write=False, needs_store=True, summary="Test items.", items_field="item"
)
TEST_CART = ConnectorSpec(
    cart_id="TestCart",
    display_name="Test cart",
    kind="rest",
    credentials=SecretCredentials,
    handlers={"test.item.list": list_items},
)


@pytest.fixture
async def gw(settings: Settings) -> AsyncIterator[Gateway]:
    gateway = await start_gateway(settings, (ITEM_LIST,), {"TestCart": TEST_CART})
    yield gateway
    await gateway.client.close()


async def test_success_envelope_and_request_id(gw: Gateway) -> None:
    key = await gw.account()
    response = await gw.client.get("/v1.1/cart.list.json", headers={"x-api-key": key, "X-Request-Id": "abc-123"})
    body = await response.json()
    assert response.headers["X-Request-Id"] == "abc-123"
    assert body["return_code"] == 0 and body["return_message"] == ""
    assert set(body) == {"return_code", "return_message", "result", "pagination"}
    assert {c["cart_id"] for c in body["result"]["supported_carts"]} >= {"Demo", "TestCart"}


async def test_keys_may_come_as_parameters(gw: Gateway) -> None:
    key = await gw.account()
    store_key = await gw.store(key)
    response = await gw.client.get("/v1.1/cart.info.json", params={"api_key": key, "store_key": store_key})
    body = await response.json()
    assert body["return_code"] == 0 and body["result"]["cart_id"] == "Demo"


@pytest.mark.parametrize(
    ("api_key", "code"),
    [(None, 2), ("cg_nope_nope", 2), ("garbage", 2)],
)
async def test_missing_or_unknown_key_is_refused(gw: Gateway, api_key: str | None, code: int) -> None:
    body = await gw.call("cart.list", api_key=api_key)
    assert body["return_code"] == code
    assert body["result"] == {}


async def test_revoked_key_is_refused_with_code_6(gw: Gateway) -> None:
    from gateway.storage.repo import revoke_api_key

    key = await gw.account()
    assert (await gw.call("cart.list", key))["return_code"] == 0
    async with gw.services.sessionmaker() as session, session.begin():
        await revoke_api_key(session, key.split("_")[1])
    gw.services.key_cache.clear()
    assert (await gw.call("cart.list", key))["return_code"] == 6


async def test_read_only_key_is_refused_on_writes_but_reads(gw: Gateway) -> None:
    key = await gw.account(read_only=True)
    store_key = await gw.store(key)
    assert (await gw.call("cart.info", key, store_key))["return_code"] == 0
    body = await gw.call("account.cart.add", key, cart_id="Demo", store_url="https://x.example.com")
    assert body["return_code"] == 5
    assert "read-only" in body["return_message"]
    assert (await gw.call("cart.delete", key, store_key))["return_code"] == 5


async def test_unknown_method_and_bad_parameters_are_named(gw: Gateway) -> None:
    key = await gw.account()
    store_key = await gw.store(key)
    unknown = await gw.call("product.teleport", key)
    assert unknown["return_code"] == 3 and "product.teleport" in unknown["return_message"]
    wrong_type = await gw.call("test.item.list", key, store_key, count="ten")
    assert wrong_type["return_code"] == 109 and "'count'" in wrong_type["return_message"]
    too_many = await gw.call("test.item.list", key, store_key, count="251")
    assert too_many["return_code"] == 109 and "'count'" in too_many["return_message"]
    extra = await gw.call("test.item.list", key, store_key, colour="red")
    assert extra["return_code"] == 109 and "'colour'" in extra["return_message"]
    missing = await gw.call("account.cart.add", key, store_url="https://x.example.com")
    assert missing["return_code"] == 114 and "'cart_id'" in missing["return_message"]
    no_store = await gw.call("cart.info", key)
    assert no_store["return_code"] == 114 and "store_key" in no_store["return_message"]


async def test_malformed_bodies_and_http_methods(gw: Gateway, settings: Settings) -> None:
    key = await gw.account()
    headers = {"x-api-key": key, "Content-Type": "application/json"}
    bad_json = await (await gw.client.post("/v1.1/cart.list.json", data=b"{nope", headers=headers)).json()
    assert bad_json["return_code"] == 118
    not_object = await (await gw.client.post("/v1.1/cart.list.json", data=b"[1,2]", headers=headers)).json()
    assert not_object["return_code"] == 118
    big = b'{"x": "' + b"a" * (settings.max_body_bytes + 10) + b'"}'
    too_large = await gw.client.post("/v1.1/cart.list.json", data=io.BytesIO(big), headers=headers)
    assert too_large.status == 200 and (await too_large.json())["return_code"] == 117
    put = await gw.client.put("/v1.1/cart.list.json", headers=headers)
    assert (await put.json())["return_code"] == 118
    nowhere = await gw.client.get("/v2/whatever", headers=headers)
    assert (await nowhere.json())["return_code"] == 3


async def test_json_and_form_bodies_are_accepted(gw: Gateway) -> None:
    key = await gw.account()
    as_json = await gw.client.post(
        "/v1.1/account.cart.add.json",
        json={"cart_id": "Demo", "store_url": "https://json.example.com"},
        headers={"x-api-key": key},
    )
    assert (await as_json.json())["return_code"] == 0
    as_form = await gw.client.post(
        "/v1.1/account.cart.add.json",
        data={"cart_id": "Demo", "store_url": "https://form.example.com", "api_key": key},
    )
    assert (await as_form.json())["return_code"] == 0


async def test_unknown_and_foreign_stores_are_not_found(gw: Gateway) -> None:
    owner = await gw.account(name="owner")
    intruder = await gw.account(name="intruder")
    store_key = await gw.store(owner, credentials={"secret": "x"})
    assert (await gw.call("cart.info", owner, store_key))["return_code"] == 0
    foreign = await gw.call("cart.info", intruder, store_key)
    assert foreign["return_code"] == 101
    assert (await gw.call("cart.info", owner, "0" * 32))["return_code"] == 101
    listed = await gw.call("account.cart.list", intruder)
    assert listed["result"]["carts_count"] == 0
    assert (await gw.call("cart.delete", intruder, store_key))["return_code"] == 101
    assert (await gw.call("cart.info", owner, store_key))["return_code"] == 0


async def test_account_cart_add_validates_platform_credentials(gw: Gateway) -> None:
    key = await gw.account()
    unknown = await gw.call("account.cart.add", key, cart_id="Nope", store_url="https://x.example.com")
    assert unknown["return_code"] == 109 and "cart_id" in unknown["return_message"]
    missing = await gw.call("account.cart.add", key, cart_id="TestCart", store_url="https://x.example.com")
    assert missing["return_code"] == 114 and "'test_api_key'" in missing["return_message"]
    stray = await gw.call(
        "account.cart.add", key, cart_id="TestCart", store_url="https://x.example.com", test_api_key="k", other="1"
    )
    assert stray["return_code"] == 109 and "'other'" in stray["return_message"]
    bad_url = await gw.call("account.cart.add", key, cart_id="Demo", store_url="ftp://x")
    assert bad_url["return_code"] == 109
    added = await gw.call(
        "account.cart.add", key, cart_id="TestCart", store_url="https://x.example.com", test_api_key="s3cr3t-value"
    )
    assert added["return_code"] == 0 and len(added["result"]["store_key"]) == 32
    again = await gw.call(
        "account.cart.add", key, cart_id="TestCart", store_url="https://x.example.com", test_api_key="s3cr3t-value"
    )
    assert again["return_code"] == 8
    listed = await gw.call("account.cart.list", key)
    assert listed["result"]["carts"][0]["store_key"] == added["result"]["store_key"]
    methods = await gw.call("cart.methods", key, added["result"]["store_key"])
    assert "test.item.list" in methods["result"]["methods"]


async def test_raw_database_file_holds_no_credential_in_clear(gw: Gateway, settings: Settings) -> None:
    key = await gw.account()
    secret = "zz-top-secret-credential-0042"
    added = await gw.call(
        "account.cart.add", key, cart_id="TestCart", store_url="https://c.example.com", test_api_key=secret
    )
    store_key = added["result"]["store_key"]
    db_file = Path(settings.database_url.split("///", 1)[1])
    raw = b"".join(p.read_bytes() for p in db_file.parent.glob(db_file.name + "*"))
    assert raw, "database file not found"
    for needle in (secret, store_key, key.split("_")[2]):
        assert needle.encode() not in raw
        assert base64.b64encode(needle.encode()) not in raw


async def test_unsupported_method_answers_code_120(gw: Gateway) -> None:
    key = await gw.account()
    demo_store = await gw.store(key, cart_id="Demo")
    body = await gw.call("test.item.list", key, demo_store)
    assert body["return_code"] == 120 and "Demo" in body["return_message"]


async def test_cursor_pagination_reaches_every_item_once(gw: Gateway) -> None:
    key = await gw.account()
    store_key = await gw.store(key, cart_id="TestCart", credentials={"test_api_key": "k"})
    seen: list[str] = []
    params: dict[str, Any] = {"count": "5"}
    for _ in range(10):
        body = await gw.call("test.item.list", key, store_key, **params)
        assert body["return_code"] == 0
        seen += [item["id"] for item in body["result"]["item"]]
        cursor = body["pagination"]["next"]
        if cursor is None:
            break
        params = {"count": "5", "page_cursor": cursor}
    assert seen == [str(i) for i in range(1, TOTAL_ITEMS + 1)]


async def test_forged_or_foreign_cursor_is_refused(gw: Gateway) -> None:
    key = await gw.account()
    store_key = await gw.store(key, cart_id="TestCart", credentials={"test_api_key": "k"})
    other_store = await gw.store(key, cart_id="TestCart", credentials={"test_api_key": "k"})
    first = await gw.call("test.item.list", key, store_key, count="5")
    cursor = first["pagination"]["next"]
    prefix, kid, sealed = cursor.split(".", 2)
    forged_state = base64.urlsafe_b64encode(b'{"s":{"after":20},"q":{}}').rstrip(b"=").decode()
    flipped = sealed[:10] + ("A" if sealed[10] != "A" else "B") + sealed[11:]
    for bad in (f"{prefix}.{kid}.{forged_state}", f"{prefix}.{kid}.{flipped}", cursor[:-2] + "xx", "garbage",
                cursor + "~"):  # fmt: skip
        refused = await gw.call("test.item.list", key, store_key, count="5", page_cursor=bad)
        assert refused["return_code"] == 119, bad
    elsewhere = await gw.call("test.item.list", key, other_store, count="5", page_cursor=cursor)
    assert elsewhere["return_code"] == 119
    other_filter = await gw.call("test.item.list", key, store_key, page_cursor=cursor, modified_from="2024-01-01")
    assert other_filter["return_code"] == 119


async def test_a_cursor_sent_alone_carries_its_request_as_api2carts_do(gw: Gateway) -> None:
    """API2Cart: page_cursor "can't be used with any other filtering parameter", so clients send it alone; the
    cursor keeps the filters and count, hides them (an e-mail filter must not ride readable in URLs), and a
    count or params sent with it still apply."""
    key = await gw.account()
    store_key = await gw.store(key, cart_id="TestCart", credentials={"test_api_key": "k"})
    first = await gw.call("test.item.list", key, store_key, count="4", modified_from="2024-05-01T00:00:00+00:00")
    cursor = first["pagination"]["next"]
    alone = await gw.call("test.item.list", key, store_key, page_cursor=cursor)
    assert alone["return_code"] == 0, alone
    assert [i["id"] for i in alone["result"]["item"]] == ["5", "6", "7", "8"]  # count=4 came with the cursor
    assert alone["result"]["modified_from"] == "2024-05-01T00:00:00+00:00"
    same = await gw.call("test.item.list", key, store_key, page_cursor=cursor, count="2", params="id",
                         modified_from="2024-05-01T00:00:00+00:00")  # fmt: skip
    assert [i for i in same["result"]["item"]] == [{"id": "5"}, {"id": "6"}]
    assert b"2024-05-01" not in base64.urlsafe_b64decode(cursor.split(".", 2)[2] + "==")


async def test_field_selection(gw: Gateway) -> None:
    key = await gw.account()
    store_key = await gw.store(key, cart_id="TestCart", credentials={"test_api_key": "k"})
    only = await gw.call("test.item.list", key, store_key, params="id,name")
    assert all(set(item) == {"id", "name"} for item in only["result"]["item"])
    dropped = await gw.call("test.item.list", key, store_key, exclude="sku,price")
    assert all(set(item) == {"id", "name"} for item in dropped["result"]["item"])
    everything = await gw.call("test.item.list", key, store_key, params="force_all")
    assert set(everything["result"]["item"][0]) == {"id", "name", "price", "sku"}
    shaped = await gw.call("test.item.list", key, store_key, response_fields="{return_code,result{item{id}}}")
    assert set(shaped) == {"return_code", "result"}
    assert shaped["result"] == {"item": [{"id": str(i)} for i in range(1, 11)]}
    nothing_known = await gw.call("test.item.list", key, store_key, response_fields="0")
    assert nothing_known == {"return_code": 0}
    broken = await gw.call("test.item.list", key, store_key, response_fields="{result{item")
    assert broken["return_code"] == 109 and "response_fields" in broken["return_message"]


async def test_rate_limit_headers_and_refusal(settings: Settings) -> None:
    limited = settings.model_copy(update={"rate_limit_requests": 3, "rate_limit_window": 3600})
    gw = await start_gateway(limited)
    try:
        key = await gw.account()
        remaining = []
        for _ in range(3):
            response = await gw.client.get("/v1.1/cart.list.json", headers={"x-api-key": key})
            assert (await response.json())["return_code"] == 0
            assert response.headers["X-RateLimit-Limit"] == "3"
            assert int(response.headers["X-RateLimit-Reset"]) > 0
            remaining.append(int(response.headers["X-RateLimit-Remaining"]))
        assert remaining == [2, 1, 0]
        refused = await gw.client.get("/v1.1/cart.list.json", headers={"x-api-key": key})
        body = await refused.json()
        assert body["return_code"] == 10
        assert 1 <= int(refused.headers["Retry-After"]) <= 3600
        assert refused.headers["X-RateLimit-Remaining"] == "0"
        other = await gw.account(name="other")
        assert (await gw.call("cart.list", other))["return_code"] == 0  # budgets are per key
    finally:
        await gw.client.close()


async def test_idempotent_write_runs_once_under_concurrency(gw: Gateway) -> None:
    key = await gw.account()
    params = {"cart_id": "Demo", "store_url": "https://idem.example.com", "idempotency_key": "order-77"}
    bodies = await asyncio.gather(*(gw.call("account.cart.add", key, **params) for _ in range(6)))
    assert {b["return_code"] for b in bodies} == {0}
    assert len({b["result"]["store_key"] for b in bodies}) == 1
    later = await gw.call("account.cart.add", key, **params)
    assert later == bodies[0]
    listed = await gw.call("account.cart.list", key)
    assert listed["result"]["carts_count"] == 1
    reused = await gw.call(
        "account.cart.add", key, cart_id="Demo", store_url="https://other.example.com", idempotency_key="order-77"
    )
    assert reused["return_code"] == 121


async def test_idempotency_key_is_released_when_input_was_bad(gw: Gateway) -> None:
    key = await gw.account()
    bad = await gw.call(
        "account.cart.add", key, cart_id="Nope", store_url="https://x.example.com", idempotency_key="k1"
    )
    assert bad["return_code"] == 109
    fixed = await gw.call(
        "account.cart.add", key, cart_id="Nope", store_url="https://x.example.com", idempotency_key="k1"
    )
    assert fixed["return_code"] == 109  # ran again, not replayed: nothing had been written


async def test_openapi_and_docs_come_from_the_method_table(gw: Gateway) -> None:
    document = await (await gw.client.get("/openapi.json")).json()
    assert document["openapi"].startswith("3.1")
    assert "/v1.1/test.item.list.json" in document["paths"]
    names = {p["name"] for p in document["paths"]["/v1.1/test.item.list.json"]["get"]["parameters"]}
    assert {"start", "count", "page_cursor", "params", "exclude", "response_fields", "modified_from"} <= names
    page = await (await gw.client.get("/docs")).text()
    assert "account.cart.add" in page and "<script" not in page


async def test_idempotent_replay_under_concurrency_on_each_backend(settings: Settings, database_url: str) -> None:
    gw = await start_gateway(settings.model_copy(update={"database_url": database_url}))
    try:
        key = await gw.account()
        params = {"cart_id": "Demo", "store_url": "https://race.example.com", "idempotency_key": "race-1"}
        bodies = await asyncio.gather(*(gw.call("account.cart.add", key, **params) for _ in range(8)))
        assert [b["return_code"] for b in bodies] == [0] * 8
        assert len({b["result"]["store_key"] for b in bodies}) == 1
        assert (await gw.call("account.cart.list", key))["result"]["carts_count"] == 1
    finally:
        await gw.client.close()


async def test_concurrent_adds_of_one_store_save_it_once_on_each_backend(settings: Settings, database_url: str) -> None:
    """Without an idempotency key, simultaneous account.cart.add calls for one URL race past the read check;
    the database's unique index lets exactly one through and the others answer 8."""
    gw = await start_gateway(settings.model_copy(update={"database_url": database_url}))
    try:
        key = await gw.account()
        params = {"cart_id": "Demo", "store_url": "https://twice.example.com"}
        bodies = await asyncio.gather(*(gw.call("account.cart.add", key, **params) for _ in range(6)))
        assert sorted(b["return_code"] for b in bodies) == [0] + [8] * 5, [b["return_message"] for b in bodies]
        assert (await gw.call("account.cart.list", key))["result"]["carts_count"] == 1
        other = await gw.account(name="other")  # another account may connect the same shop
        assert (await gw.call("account.cart.add", other, **params))["return_code"] == 0
    finally:
        await gw.client.close()


def test_settings_read_cartgate_toml_under_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cartgate.toml").write_text('port = 9123\nrate_limit_requests = 7\ndatabase_url = "sqlite:///x.db"\n')
    monkeypatch.setenv("CARTGATE_RATE_LIMIT_REQUESTS", "11")
    loaded = Settings()
    assert loaded.port == 9123 and loaded.rate_limit_requests == 11
    assert loaded.database_url == "sqlite+aiosqlite:///x.db"


async def test_every_catalogue_method_answers_its_example_through_http(gw: Gateway) -> None:
    """Each row's example reaches dispatch and gets a coded answer (an empty Demo store may say 112)."""
    from connectors.catalogue import CATALOGUE

    key = await gw.account()
    store_key = await gw.store(key, cart_id="Demo")
    for row in CATALOGUE:
        response = await gw.client.post(
            f"/v1.1/{row.name}.json", json=dict(row.example), headers={"x-api-key": key, "x-store-key": store_key}
        )
        body = await response.json()
        assert body["return_code"] not in (3, 9, 114), (row.name, body)
    bad = await gw.call("product.list", key, store_key, count="999")
    assert bad["return_code"] == 109 and "'count'" in bad["return_message"]


def test_decimal_money_is_written_as_an_exact_json_number() -> None:
    import json
    from decimal import Decimal

    from gateway.api.envelope import dumps

    raw = dumps({"price": Decimal("1234567890123.4567"), "tax": Decimal("0.10")})
    assert raw == b'{"price":1234567890123.4567,"tax":0.10}'
    assert json.loads(raw, parse_float=Decimal)["price"] == Decimal("1234567890123.4567")
    with pytest.raises(TypeError):
        dumps({"nan": Decimal("NaN")})


async def test_paths_with_control_characters_answer_a_coded_error(gw: Gateway) -> None:
    """Found by the fuzzer: a newline in the path escaped the catch-all route and got aiohttp's bare 404."""
    for path in ("/v1.1/%0A%7B.json", "/%0A", "/v1.1/a%0Ab.json"):
        response = await gw.client.get(path)
        assert response.status == 200, path
        assert (await response.json())["return_code"] in (2, 3), path
