"""customer.add / update / find through HTTP on shops of their own, checked by reading MariaDB as OpenCart would:
the password verifies the way the version's login checks it (3.x salted SHA-1 in SQL, 4.x PHP's password_verify),
the address book and its default are where the version keeps them; refusals carry a code and write nothing."""

from __future__ import annotations

import asyncio
import subprocess

import pytest

from connectors.opencart_bridge.passwords import opencart3_password, opencart4_password
from tests.opencart.conftest import VERSIONS, Connected
from tests.shops.mariadb import literal, rows, scalar
from tests.shops.opencart_schema import Version

pytestmark = [pytest.mark.mariadb, pytest.mark.php, pytest.mark.asyncio(loop_scope="module")]

PASSWORD = 'Tr1cky & "quoted" <pw>'
US_ADDRESS = {"address_book_first_name": "Ada", "address_book_last_name": "King", "address_book_address1": "1 Main St",
              "address_book_city": "Fresno", "address_book_country": "US", "address_book_state": "California",
              "address_book_postcode": "93650", "address_book_type": "billing"}  # fmt: skip
DE_ADDRESS = {"address_book_address1": "Unter den Linden 5", "address_book_city": "Berlin",
              "address_book_country": "DEU", "address_book_state": "Berlin", "address_book_postcode": "10117",
              "address_book_company": "Analytical & Co", "address_book_default": True}  # fmt: skip


async def test_password_hashes_are_what_each_versions_login_accepts() -> None:
    hashed = opencart4_password(PASSWORD, cost=4)
    assert hashed.startswith("$2y$04$") and len(hashed) == 60  # password_hash(PASSWORD_DEFAULT)'s own shape
    long_secret = "x" * 80  # past bcrypt's 72 bytes: PHP cuts there silently, so must we
    checks = [(PASSWORD, hashed, True), (PASSWORD + "!", hashed, False),
              (long_secret, opencart4_password(long_secret, cost=4), True)]  # fmt: skip
    for password, stored, verifies in checks:
        php = await asyncio.create_subprocess_exec(
            "php", "-r", "exit(password_verify($argv[1], $argv[2]) ? 0 : 1);", "--", password, stored)
        assert await asyncio.wait_for(php.wait(), timeout=30) == (0 if verifies else 1), (password[:3], verifies)
    assert opencart3_password("a&b", "abcdefghi") == ("abcdefghi", "764bec659dcf277b066e91807ed7678cea8e03c7")


OWN_SHOP_SIZES = {"products_count": 20, "orders_count": 20, "customers_count": 30}  # own shops (conftest)


def logs_in(version: Version, db: str, customer_id: str, password: str) -> bool:
    """The check the version's ``Customer::login`` makes for this password (3.x: on the form-encoded value)."""
    if version == "3":
        encoded = password.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        return scalar(f"SELECT COUNT(*) FROM oc_customer WHERE customer_id = {customer_id} AND password = "
                      f"SHA1(CONCAT(salt, SHA1(CONCAT(salt, SHA1({literal(encoded)})))))", db) == "1"  # fmt: skip
    stored = scalar(f"SELECT password FROM oc_customer WHERE customer_id = {customer_id}", db)
    done = subprocess.run(["php", "-r", "exit(password_verify($argv[1], $argv[2]) ? 0 : 1);", "--", password, stored],
                          capture_output=True, check=False, timeout=30)  # fmt: skip
    return done.returncode == 0


def default_address(version: Version, db: str, customer_id: str) -> str:
    if version == "3":
        return scalar(f"SELECT address_id FROM oc_customer WHERE customer_id = {customer_id}", db)
    return scalar(f"SELECT GROUP_CONCAT(address_id) FROM oc_address WHERE customer_id = {customer_id} "
                  "AND `default` = 1", db)  # fmt: skip


def state(db: str) -> tuple[str, ...]:
    return (scalar("SELECT COUNT(*) FROM oc_customer", db), scalar("SELECT COUNT(*) FROM oc_address", db),
            scalar("SELECT MD5(GROUP_CONCAT(CONCAT_WS('|', email, firstname, lastname, telephone, password, status, "
                   "customer_group_id) ORDER BY customer_id)) FROM oc_customer", db),
            scalar("SELECT MD5(GROUP_CONCAT(CONCAT_WS('|', address_1, city, country_id, zone_id) ORDER BY address_id)) "
                   "FROM oc_address", db))  # fmt: skip


@pytest.mark.parametrize("version", VERSIONS)
async def test_customer_add_writes_what_opencart_logs_in_with(writable: dict[Version, Connected],
                                                             version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    added = await store.ok("customer.add", email="Ada.Lovelace@Example.com", first_name="Ada", last_name="Lovelace",
                           phone="+44 20 7946 0000", password=PASSWORD, news_letter_subscription=True,
                           created_time="2026-01-02T03:04:05+00:00", address=[US_ADDRESS, DE_ADDRESS])  # fmt: skip
    customer_id = added["customer_id"]
    row = rows(f"SELECT email, firstname, customer_group_id, newsletter, status, language_id FROM oc_customer "
               f"WHERE customer_id = {customer_id}", db)[0]  # fmt: skip
    email = "ada.lovelace@example.com" if version == "4" else "Ada.Lovelace@Example.com"  # 4.x lower-cases
    assert row == [email, "Ada", "1", "1", "1", "1"]
    assert scalar(f"SELECT date_added FROM oc_customer WHERE customer_id = {customer_id}", db) == "2026-01-02 03:04:05"
    assert logs_in(version, db, customer_id, PASSWORD) and not logs_in(version, db, customer_id, PASSWORD + "x")
    addresses = rows(f"SELECT address_id, company, country_id, zone_id FROM oc_address "
                     f"WHERE customer_id = {customer_id} ORDER BY address_id", db)  # fmt: skip
    assert [a[1:] for a in addresses] == [["", "223", "3624"], ["Analytical &amp; Co", "81", "1256"]]
    assert default_address(version, db, customer_id) == addresses[1][0]
    info = await store.ok("customer.info", id=customer_id)
    book = {a["id"]: a for a in info["address_book"]}
    assert book[addresses[1][0]]["default"] and not book[addresses[0][0]]["default"]
    assert book[addresses[1][0]]["company"] == "Analytical & Co" and book[addresses[0][0]]["state"]["code"] == "CA"
    found = await store.ok("customer.find", find_value="ada.lovelace@example.com")
    assert (found["id"], found["last_name"]) == (customer_id, "Lovelace")


@pytest.mark.parametrize("version", VERSIONS)
async def test_customer_update_changes_only_what_is_given(writable: dict[Version, Connected],
                                                         version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    customer_id = scalar("SELECT MIN(customer_id) FROM oc_customer", db)
    email = scalar(f"SELECT email FROM oc_customer WHERE customer_id = {customer_id}", db)
    address_id = scalar(f"SELECT MIN(address_id) FROM oc_address WHERE customer_id = {customer_id}", db)
    count = int(scalar(f"SELECT COUNT(*) FROM oc_address WHERE customer_id = {customer_id}", db))
    await store.ok("customer.update", id=customer_id, last_name="Byron", status="disabled", password="n3w-Secret",
                   address=[{"address_book_id": address_id, "address_book_city": "Ravenna"},
                            {**US_ADDRESS, "address_book_default": True}])  # fmt: skip
    row = rows(f"SELECT email, lastname, status FROM oc_customer WHERE customer_id = {customer_id}", db)[0]
    assert row == [email, "Byron", "0"]
    assert logs_in(version, db, customer_id, "n3w-Secret")
    assert scalar(f"SELECT city FROM oc_address WHERE address_id = {address_id}", db) == "Ravenna"
    newest = scalar(f"SELECT MAX(address_id) FROM oc_address WHERE customer_id = {customer_id}", db)
    assert int(scalar(f"SELECT COUNT(*) FROM oc_address WHERE customer_id = {customer_id}", db)) == count + 1
    assert default_address(version, db, customer_id) == newest
    found = await store.ok("customer.find", find_value="byro", find_where="last_name", find_params="regular")
    assert found["id"] == customer_id


@pytest.mark.parametrize("version", VERSIONS)
async def test_bad_customer_writes_are_refused_with_a_code_and_write_nothing(writable: dict[Version, Connected],
                                                                           version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    first, second = (r[0] for r in rows("SELECT customer_id FROM oc_customer ORDER BY customer_id LIMIT 2", db))
    taken = scalar(f"SELECT email FROM oc_customer WHERE customer_id = {second}", db)
    others = scalar(f"SELECT MIN(address_id) FROM oc_address WHERE customer_id = {second}", db)
    new = {"email": "new.one@example.com", "first_name": "New", "last_name": "One"}
    before = state(db)
    refusals = [
        ("customer.add", {**new, "email": taken.upper()}, 109, "email"),
        ("customer.add", {**new, "group_id": "99"}, 109, "group_id"),
        ("customer.add", {**new, "first_name": "x" * 33}, 109, "first_name"),
        ("customer.add", {"email": "nameless@example.com"}, 109, "first_name"),
        ("customer.add", {**new, "address": [{**US_ADDRESS, "address_book_country": "QQ"}]}, 109, "country"),
        ("customer.add", {**new, "address": [{**US_ADDRESS, "address_book_state": None}]}, 109, "state"),
        ("customer.add", {**new, "address": [{**US_ADDRESS, "address_book_state": "Bavaria"}]}, 109, "state"),
        ("customer.add", {**new, "address": [US_ADDRESS, {**DE_ADDRESS, "address_book_city": "B"}]}, 109, "city"),
        ("customer.add", {**new, "address": [{**US_ADDRESS, "address_book_phone": "555"}]}, 120, "phone"),
        ("customer.add", {**new, "gender": "female"}, 120, "gender"),
        ("customer.update", {"id": "99999999", "last_name": "Ghost"}, 112, "id"),
        ("customer.update", {"id": first, "email": taken}, 109, "email"),
        ("customer.update", {"id": first, "address": [{"address_book_id": others, "address_book_city": "Oslo"}]},
         109, "address_book_id"),
        ("customer.find", {"find_value": "nobody@example.com"}, 112, "find_value"),
        ("customer.find", {"find_value": taken, "include_guests": True}, 120, "include_guests"),
    ]  # fmt: skip
    for method, params, code, field in refusals:
        body = await store.raw(method, **params)
        assert body["return_code"] == code, (method, params, body)
        assert code == 112 or field in body["return_message"], (method, params, body)
    assert state(db) == before
