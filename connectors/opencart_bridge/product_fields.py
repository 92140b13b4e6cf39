"""Checked product fields and the rows OpenCart's admin model writes for them (shared by product.add / update).

Reads here only decide refusals (3.x tables are MyISAM: a batch that fails half-way keeps its first half),
so every length, id and keyword is checked before a statement is built. The statements refer to the product
as ``@cg_product_id``, a session variable the batch sets first (the bridge runs a batch on one connection).
Sources: admin/model/catalog/product.php ``addProduct`` / ``editProduct`` and the product form's checks in
admin/controller/catalog/product.php, tags 3.0.3.8 and 4.1.0.4.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from connectors.model.params.common import split_ids
from connectors.opencart_bridge.shop import Shop, encode_text
from gateway.bridge.client import Statement
from gateway.errors import InvalidParameter, NotSupported

__all__ = ["CODE_FIELDS", "MAX_STOCK", "PID", "Language", "check_ids", "check_sizes", "checked",
           "code_statements", "codes_of", "description_row", "languages", "manufacturer_of", "price_statements",
           "related_statements", "seo_statements", "status_of"]  # fmt: skip

PID: Final = "@cg_product_id"
# unified parameter -> 4.1 oc_identifier code; 3.x / 4.0 keep them as oc_product columns of these widths
CODE_FIELDS: Final = {"sku": "SKU", "upc": "UPC", "ean": "EAN", "isbn": "ISBN", "mpn": "MPN"}
_CODE_WIDTHS: Final = {"sku": 64, "upc": 12, "ean": 14, "isbn": 17, "mpn": 64}
_SLUG_DROP: Final = re.compile(r"-+")
MAX_STOCK: Final = 2_147_483_647  # quantity is a signed INT; past it OpenCart's sql_mode would clip silently
_MAX_SIZE: Final = Decimal("9999999.99999999")  # weight/length/width/height are DECIMAL(15,8)


@dataclass(frozen=True, slots=True)
class Language:
    """A language of the shop (every one gets a description row, as the admin form requires)."""

    language_id: int
    code: str


async def languages(shop: Shop) -> list[Language]:
    """Every language of the shop, the default one first."""
    rows, _ = await shop.bridge.query_dicts("SELECT language_id, code FROM {table_prefix}language "
                                            "ORDER BY language_id", limit=1000)  # fmt: skip
    found = [Language(int(row["language_id"]), str(row["code"])) for row in rows]
    return sorted(found, key=lambda lang: lang.language_id != shop.language_id)


def checked(value: str, field: str, limit: int, *, in_bytes: bool = False) -> str:
    """``value`` entity-encoded as OpenCart stores form text; raises InvalidParameter (109) past the column's width."""
    stored = encode_text(value)
    size = len(stored.encode()) if in_bytes else len(stored)
    if size > limit:
        unit = "bytes" if in_bytes else "characters"
        raise InvalidParameter(f"Parameter '{field}' is longer than OpenCart keeps ({limit} {unit})", field=field)
    return stored


async def check_ids(shop: Shop, table: str, value: str | None, field: str, *, zero: bool = False) -> list[int]:
    """The ids in ``value`` (comma-separated); raises InvalidParameter (109) naming ``field`` for an unknown one."""
    try:
        ids = sorted({int(part) for part in split_ids(value)})
    except ValueError:
        raise InvalidParameter(f"Parameter '{field}' must hold numeric OpenCart ids", field=field) from None
    wanted = {one for one in ids if not (zero and one == 0)}
    if wanted:
        marks = ", ".join("?" for _ in wanted)
        rows, _ = await shop.bridge.query_dicts(
            f"SELECT {table}_id AS id FROM {{table_prefix}}{table} WHERE {table}_id IN ({marks})",  # noqa: S608
            sorted(wanted), limit=1000)  # fmt: skip
        if {int(row["id"]) for row in rows} != wanted:
            raise InvalidParameter(f"Parameter '{field}' names an unknown {table.replace('_', ' ')}", field=field)
    return ids


async def manufacturer_of(shop: Shop, brand_name: str) -> int:
    """The manufacturer called ``brand_name``. Raises InvalidParameter (109) when the shop has none by that name."""
    rows, _ = await shop.bridge.query_dicts("SELECT manufacturer_id FROM {table_prefix}manufacturer WHERE name = ? "
                                            "ORDER BY manufacturer_id", [encode_text(brand_name)], limit=1)  # fmt: skip
    if not rows:
        raise InvalidParameter("Parameter 'brand_name' is not a manufacturer of this shop", field="brand_name")
    return int(rows[0]["manufacturer_id"])


def check_sizes(params: Any, names: tuple[str, ...]) -> None:
    """Raises InvalidParameter (109) for a size or weight wider than OpenCart's DECIMAL(15,8) column."""
    for name in names:
        value = getattr(params, name)
        if value is not None and value > _MAX_SIZE:
            raise InvalidParameter(f"Parameter '{name}' is larger than OpenCart keeps ({_MAX_SIZE})", field=name)


def status_of(params: Any) -> int | None:
    """OpenCart's one ``status`` flag: ``status`` wins; else enabled only when every given availability is true."""
    if params.status is not None:
        return 1 if params.status == "enabled" else 0
    given = [flag for flag in (params.available_for_view, params.available_for_sale) if flag is not None]
    return (1 if all(given) else 0) if given else None


async def codes_of(shop: Shop, params: Any) -> dict[str, str]:
    """The product codes given (sku, upc, ...), checked against the columns (3.x/4.0) or identifiers (4.1)."""
    given = {name: str(getattr(params, name)) for name in CODE_FIELDS if getattr(params, name) is not None}
    if getattr(params, "gtin", None) is not None:
        raise NotSupported("OpenCart keeps no GTIN (use ean or upc)", field="gtin")
    if not shop.layout.codes_table:
        return {name: checked(value, name, _CODE_WIDTHS[name]) for name, value in given.items()}
    if given:
        rows, _ = await shop.bridge.query_dicts("SELECT code FROM {table_prefix}identifier", limit=1000)
        known = {str(row["code"]) for row in rows}
        for name in given:
            if CODE_FIELDS[name] not in known:
                raise NotSupported(f"This shop has no {CODE_FIELDS[name]} identifier", field=name)
    return {name: checked(value, name, 255) for name, value in given.items()}


def code_statements(shop: Shop, codes: dict[str, str], *, replace: bool) -> list[Statement]:
    """4.1's ``product_code`` rows for ``codes`` (an edit replaces the row of each code given); none on 3.x/4.0."""
    if not shop.layout.codes_table or not codes:
        return []
    statements = [Statement(f"DELETE FROM {{table_prefix}}product_code WHERE product_id = {PID} AND code = ?",  # noqa: S608
                            [CODE_FIELDS[name]]) for name in codes] if replace else []  # fmt: skip
    rows = ", ".join(f"({PID}, ?, ?)" for _ in codes)
    args = [item for name, value in codes.items() for item in (CODE_FIELDS[name], value)]
    statements.append(Statement(f"INSERT INTO {{table_prefix}}product_code (product_id, code, value) VALUES {rows}",  # noqa: S608
                                args))  # fmt: skip
    return statements


def description_row(shop: Shop, params: Any, name: str) -> dict[str, str]:
    """name/description/meta texts as stored (3.x ``description`` is TEXT: 65,535 bytes)."""
    return {
        "name": checked(name, "name", 255),
        "description": checked(params.description or "", "description", 65_535 if shop.layout.major == 3
                               else 16_777_215, in_bytes=True),
        "meta_title": checked(params.meta_title or name, "meta_title", 255),
        "meta_description": checked(params.meta_description or "", "meta_description", 255),
        "meta_keyword": checked(params.meta_keywords or "", "meta_keywords", 255),
    }  # fmt: skip


def price_statements(shop: Shop, params: Any, *, replace: bool = False) -> list[Statement]:
    """A special price (3.x/4.0 ``product_special``; 4.1 ``product_discount`` with ``special = 1``, type F) and
    quantity tiers (``product_discount``) for the shop's default customer group, open-ended unless dated. An edit
    (``replace``) first drops that group's specials (or tiers), as ``editProduct`` rewrites them.
    Raises InvalidParameter (109) for special dates without a special price."""
    if params.special_price is None and (params.sprice_create or params.sprice_expire):
        raise InvalidParameter("Special price dates need a special_price", field="special_price")
    start = params.sprice_create.strftime("%Y-%m-%d") if params.sprice_create else "0000-00-00"
    end = params.sprice_expire.strftime("%Y-%m-%d") if params.sprice_expire else "0000-00-00"
    group = shop.customer_group_id
    statements: list[Statement] = []
    if params.special_price is not None:
        if replace:
            table, special = ("product_discount", " AND special = 1") if shop.layout.codes_table else (
                "product_special", "")
            statements.append(Statement(f"DELETE FROM {{table_prefix}}{table} WHERE product_id = {PID} "  # noqa: S608
                                        f"AND customer_group_id = ?{special}", [group]))  # fmt: skip
        if shop.layout.codes_table:
            statements.append(Statement(
                "INSERT INTO {table_prefix}product_discount (product_id, customer_group_id, quantity, priority, price, "  # noqa: S608
                f"type, special, date_start, date_end) VALUES ({PID}, ?, 1, 1, ?, 'F', 1, ?, ?)",
                [group, str(params.special_price), start, end]))  # fmt: skip
        else:
            statements.append(Statement(
                "INSERT INTO {table_prefix}product_special (product_id, customer_group_id, priority, price, "  # noqa: S608
                f"date_start, date_end) VALUES ({PID}, ?, 1, ?, ?, ?)",
                [group, str(params.special_price), start, end]))  # fmt: skip
    tiers = params.tier_prices or []
    if replace and params.tier_prices is not None:
        special = " AND special = 0" if shop.layout.codes_table else ""
        statements.append(Statement("DELETE FROM {table_prefix}product_discount WHERE product_id = "  # noqa: S608
                                    f"{PID} AND customer_group_id = ?{special}", [group]))  # fmt: skip
    if tiers:
        extra, values = ("type, special, ", "'F', 0, ") if shop.layout.codes_table else ("", "")
        rows = ", ".join(f"({PID}, ?, ?, 1, ?, {values}'0000-00-00', '0000-00-00')" for _ in tiers)
        args = [item for tier in tiers for item in (group, tier.quantity, str(tier.price))]
        statements.append(Statement(
            "INSERT INTO {table_prefix}product_discount (product_id, customer_group_id, quantity, priority, price, "  # noqa: S608
            f"{extra}date_start, date_end) VALUES {rows}", args))  # fmt: skip
    return statements


def related_statements(related: list[int], *, replace: bool) -> list[Statement]:
    """``product_related`` in both directions, as ``addProduct`` writes it (each pair deleted first, so none
    doubles); an edit first drops every link of the product, both ways, as ``editProduct`` does."""
    statements = [Statement(f"DELETE FROM {{table_prefix}}product_related WHERE product_id = {PID} "  # noqa: S608
                            f"OR related_id = {PID}")] if replace else []  # fmt: skip
    for other in related:
        statements += [
            Statement(f"DELETE FROM {{table_prefix}}product_related WHERE (product_id = {PID} AND related_id = ?) "  # noqa: S608
                      f"OR (product_id = ? AND related_id = {PID})", [other, other]),
            Statement(f"INSERT INTO {{table_prefix}}product_related (product_id, related_id) VALUES ({PID}, ?), "  # noqa: S608
                      f"(?, {PID})", [other, other]),
        ]  # fmt: skip
    return statements


def _slug(text: str, limit: int) -> str:
    """A keyword OpenCart 4 accepts (``oc_validate_path``: Latin/Cyrillic/Greek letters, 0-9, ``/ - _``)."""
    kept = "".join(c if _path_char(c) and c != "/" else "-" for c in text.lower())
    return _SLUG_DROP.sub("-", kept).strip("-")[:limit].strip("-") or "product"


def _path_char(char: str) -> bool:
    if char in "/-_" or "0" <= char <= "9":
        return True
    return char.isalpha() and unicodedata.name(char, "").startswith(("LATIN", "CYRILLIC", "GREEK"))


def _own_seo(shop: Shop) -> str:
    """SQL naming the seo_url rows of the product ``?`` (3.x ``query``, 4.x ``key``/``value``)."""
    return "query = CONCAT('product_id=', ?)" if shop.layout.major == 3 else "(`key` = 'product_id' AND `value` = ?)"


async def seo_statements(shop: Shop, params: Any, name: str, langs: list[Language], stores: list[int],
                         own: int | None = None) -> list[Statement]:  # fmt: skip
    """``seo_url`` rows, one per store and language. The default language gets ``seo_url``, the others
    ``<seo_url>-<language code>`` (one keyword may not serve two languages). 4.x's form requires a keyword
    for every store and language, so one is made from the name there (``<name>-<language>-<product id>``);
    3.x writes rows only for a given keyword, as its admin does. With ``own`` (an edit of that product) its
    keywords are replaced, as ``editProduct`` does, and its own rows do not count as taken.
    Raises InvalidParameter (109) for a keyword taken in one of the stores or one OpenCart 4 would refuse."""
    keyword = params.seo_url
    if keyword is None and shop.layout.major == 3:
        return []
    if keyword is not None and shop.layout.major == 4 and not all(_path_char(c) for c in keyword):
        raise InvalidParameter("Parameter 'seo_url' may hold letters, digits, '/', '-' and '_' only", field="seo_url")
    limit = 64 if shop.layout.major == 4 else 255
    wanted: list[tuple[int, int, str, bool]] = []  # store, language, keyword, ends with the new product's id
    for index, lang in enumerate(langs):
        suffix = "" if index == 0 else f"-{lang.code}"
        if keyword is not None:
            text = keyword if index == 0 else keyword[: limit - len(suffix)] + suffix
            if not text or len(encode_text(text)) > limit:
                raise InvalidParameter(f"Parameter 'seo_url' must be 1 to {limit} characters", field="seo_url")
            wanted += [(store, lang.language_id, encode_text(text), False) for store in stores]
        else:
            wanted += [(store, lang.language_id, _slug(name, 40) + suffix + "-", True) for store in stores]
    fixed = sorted({text for _, _, text, open_end in wanted if not open_end})
    if fixed:
        marks = ", ".join("?" for _ in fixed)
        mine = f" AND NOT {_own_seo(shop)}" if own is not None else ""
        rows, _ = await shop.bridge.query_dicts(
            f"SELECT store_id FROM {{table_prefix}}seo_url WHERE keyword IN ({marks}){mine}",  # noqa: S608
            [*fixed, *([] if own is None else [str(own)])], limit=1000)  # fmt: skip
        if {int(row["store_id"]) for row in rows} & set(stores):
            raise InvalidParameter("Parameter 'seo_url' is already the keyword of another page", field="seo_url")
    value = f"CONCAT(?, {PID})"
    if shop.layout.major == 3:
        head = "INSERT INTO {table_prefix}seo_url (store_id, language_id, query, keyword) VALUES "
        rows_sql = [f"(?, ?, CONCAT('product_id=', {PID}), {value if open_end else '?'})"
                    for _, _, _, open_end in wanted]  # fmt: skip
    else:
        head = "INSERT INTO {table_prefix}seo_url (store_id, language_id, `key`, `value`, keyword, sort_order) VALUES "
        rows_sql = [f"(?, ?, 'product_id', {PID}, {value if open_end else '?'}, 0)" for _, _, _, open_end in wanted]
    args = [item for store, lang_id, text, _ in wanted for item in (store, lang_id, text)]
    replaced = [Statement(f"DELETE FROM {{table_prefix}}seo_url WHERE {_own_seo(shop)}",  # noqa: S608
                          [str(own)])] if own is not None else []  # fmt: skip
    return [*replaced, Statement(head + ", ".join(rows_sql), args)] if wanted else replaced
