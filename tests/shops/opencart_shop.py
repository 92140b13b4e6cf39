"""Build a realistic OpenCart 3 or 4 shop database: installer schema + default rows, then generated data.

``build_shop("3", name, products=1000, orders=2000)`` loads ../shared/reference/opencart3 into a new ``cg_oc_*``
database and fills it; the same seed gives the same shop. Timings are returned so docs can quote them.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field

from tests.shops.mariadb import rows, run_sql
from tests.shops.opencart_catalog import (
    categories,
    language_sql,
    manufacturers,
    options_sql,
    products,
    purge_demo_sql,
)
from tests.shops.opencart_sales import COUNTRIES, customers_sql, orders_sql
from tests.shops.opencart_schema import Version, load_schema

# The shop's life: two years of orders ending at a fixed moment, so runs are reproducible.
SHOP_OPENED = dt.datetime(2024, 11, 1, 9, 0, 0)
SHOP_NOW = dt.datetime(2026, 11, 1, 9, 0, 0)
# Lookup tables with a language_id in their primary key that admin's addLanguage copies for a new language.
NOT_LOOKUPS = {"oc_product_description", "oc_category_description", "oc_language", "oc_product_attribute"}


@dataclass
class ShopSummary:
    """What was built, and how long each step took (seconds)."""

    version: Version
    database: str
    products: int
    orders: int
    customers: int
    returns: int
    timings: dict[str, float] = field(default_factory=dict)


def lookup_tables(database: str) -> list[tuple[str, list[str]]]:
    """Tables whose primary key includes language_id (per-language lookups), with their columns in order."""
    keyed = rows("SELECT DISTINCT table_name FROM information_schema.statistics WHERE table_schema = DATABASE() "
                 "AND index_name = 'PRIMARY' AND column_name = 'language_id'", database)
    names = sorted(r[0] for r in keyed if r[0] not in NOT_LOOKUPS)
    result = []
    for name in names:
        columns = rows(f"SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() "
                       f"AND table_name = '{name}' ORDER BY ordinal_position", database)
        result.append((name, [c[0] for c in columns]))
    return result


def generate_data(version: Version, database: str, *, products_count: int = 1000, orders_count: int = 2000,
                  customers_count: int = 200, seed: int = 8) -> ShopSummary:
    """Fill a freshly loaded OpenCart ``version`` database (table prefix ``oc_``) with a generated shop."""
    rng = random.Random(f"{seed}-{version}")
    began = time.perf_counter()
    wanted = ", ".join(map(str, COUNTRIES))
    # 4.1 moved zone and country names into oc_zone_description / oc_country_description (per language).
    zone_rows = rows(f"SELECT zone_id, country_id, name FROM oc_zone WHERE status = 1 AND country_id IN ({wanted}) "
                     "ORDER BY zone_id" if version == "3" else
                     "SELECT z.zone_id, z.country_id, d.name FROM oc_zone z JOIN oc_zone_description d "
                     "ON d.zone_id = z.zone_id AND d.language_id = 1 "
                     f"WHERE z.status = 1 AND z.country_id IN ({wanted}) ORDER BY z.zone_id", database)
    zones: dict[int, list[tuple[int, str]]] = {}
    for zone_id, country_id, name in zone_rows:
        zones.setdefault(int(country_id), []).append((int(zone_id), name))
    countries = {int(r[0]): r[1] for r in rows(
        f"SELECT country_id, name FROM oc_country WHERE country_id IN ({wanted})" if version == "3" else
        f"SELECT country_id, name FROM oc_country_description WHERE language_id = 1 AND country_id IN ({wanted})",
        database)}
    script = [purge_demo_sql(version), language_sql(version, lookup_tables(database)), options_sql(version)]
    category_sql, _category_ids, leaves, parent = categories(version, rng, SHOP_OPENED)
    manufacturer_sql, manufacturer_ids = manufacturers()
    product_sql, made = products(version, rng, products_count, leaves, parent, manufacturer_ids, SHOP_OPENED,
                                 SHOP_NOW)
    customer_sql, customers = customers_sql(version, rng, customers_count, zones, SHOP_OPENED)
    order_sql, returns = orders_sql(version, rng, orders_count, made, customers, zones, countries, SHOP_OPENED,
                                    SHOP_NOW)
    script += [category_sql, manufacturer_sql, *product_sql, *customer_sql, *order_sql]
    generated = time.perf_counter()
    run_sql("SET SESSION sql_mode='NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION';\nSET autocommit=0;\n"
            + "".join(script) + "COMMIT;\n", database)
    done = time.perf_counter()
    return ShopSummary(version, database, products_count, orders_count, customers_count, returns,
                       {"generate": generated - began, "insert": done - generated})


def build_shop(version: Version, database: str, **sizes: int) -> ShopSummary:
    """Load the installer schema into new database ``database`` and generate a shop in it (see generate_data)."""
    began = time.perf_counter()
    load_schema(version, database)
    loaded = time.perf_counter()
    summary = generate_data(version, database, **sizes)
    summary.timings["schema"] = loaded - began
    return summary
