"""Generate an OpenCart catalogue the way OpenCart's own admin writes it (3.0.3.8 and 4.1.0.4 column conventions).

Deterministic for a given seed. Writes SQL text (multi-row INSERTs) that ``opencart_shop.generate_shop`` feeds to
MariaDB. Conventions, with the OpenCart file they come from, are in docs/platforms/opencart-schema.md.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from tests.shops.mariadb import insert_sql, new_rows
from tests.shops.opencart_schema import Version

CENT = Decimal("0.01")
# The second language the generator adds beside the installer's English (id 1).
GERMAN = {"language_id": 2, "name": "Deutsch", "code": "de-de", "locale": "de-DE,de_DE.UTF-8,de_DE,de-de,german"}
LANGUAGES = (1, 2)
# Installer rows we rely on (same ids in 3.0.3.8 and 4.1.0.4): tax class "Taxable Goods", stock statuses.
TAXABLE_GOODS = 9
STOCK_IN, STOCK_OUT, STOCK_2_3_DAYS, STOCK_PREORDER = 7, 5, 6, 8
SIZE_OPTION = 11  # installer's "Size" select option with values Small 46, Medium 47, Large 48
SIZE_VALUES = {46: ("Small", "Klein"), 47: ("Medium", "Mittel"), 48: ("Large", "Groß")}
COLOUR_OPTION = 13  # added by us (radio), values 49..52
COLOUR_VALUES = {49: ("Red", "Rot"), 50: ("Blue", "Blau"), 51: ("Green", "Grün"), 52: ("Black", "Schwarz")}
OPTION_NAMES = {SIZE_OPTION: ("Size", "Größe", "select"), COLOUR_OPTION: ("Colour", "Farbe", "radio")}
IDENTIFIER_CODES = ("SKU", "UPC", "EAN", "MPN")  # 4.1 oc_identifier codes we fill (JAN, ISBN stay empty)

ADJECTIVES = [("Classic", "Klassisch"), ("Organic", "Bio"), ("Heavy-duty", "Robust"), ("Slim", "Schmal"),
              ("Vintage", "Vintage"), ("Waterproof", "Wasserdicht"), ("Compact", "Kompakt"), ("Deluxe", "Deluxe"),
              ("Café-style", "Café-Stil"), ("Men's", "Herren"), ("Kids'", "Kinder"), ("Ergonomic", "Ergonomisch"),
              ("Salt & Pepper", "Salz & Pfeffer")]
NOUNS = [("Mug", "Becher"), ("T-Shirt", "T-Shirt"), ("Backpack", "Rucksack"), ("Desk Lamp", "Schreibtischlampe"),
         ("Water Bottle", "Trinkflasche"), ("Notebook", "Notizbuch"), ("Hoodie", "Kapuzenpulli"),
         ("Chef's Knife", "Kochmesser"), ("Rain Jacket", "Regenjacke"), ("Headphones", "Kopfhörer"),
         ("Yoga Mat", "Yogamatte"), ("Teapot", "Teekanne"), ("Sneakers", "Turnschuhe"), ("Wallet", "Geldbörse"),
         ('12" Skillet', '12"-Pfanne')]
WEARABLE = {"T-Shirt", "Hoodie", "Rain Jacket", "Sneakers"}
MANUFACTURERS = ["Acme & Sons", "Nordlicht GmbH", "Brightside Co.", "O'Malley Outfitters", "Zephyr Labs",
                 "Kōbō Works", "Maison Dupré", "Green Valley", "Atlas Goods", "Blue Harbor", "Ironbark",
                 "Sunny \"Day\" Ltd", "Fjord Design", "Cobalt Street", "Maple & Oak", "Urban Nomad", "Tidewater",
                 "Polaris Supply", "Hearth Home", "Vela Sport"]
TOP_CATEGORIES = [("Clothing", "Kleidung"), ("Kitchen", "Küche"), ("Outdoor", "Draußen"), ("Office", "Büro"),
                  ("Electronics", "Elektronik"), ("Home", "Zuhause"), ("Sports", "Sport"), ("Kids", "Kinder")]
SUB_WORDS = [("Essentials", "Grundausstattung"), ("Premium", "Premium"), ("Sale", "Angebote"), ("New In", "Neu"),
             ("Gifts", "Geschenke"), ("Bestsellers", "Bestseller")]


@dataclass
class Product:
    """What the order generator needs to know about one generated product."""

    product_id: int
    name: str
    model: str
    price: Decimal
    options: dict[int, tuple[int, dict[int, tuple[int, Decimal]]]] = field(default_factory=dict)
    # option_id -> (product_option_id, {option_value_id: (product_option_value_id, price delta)})


@dataclass
class Catalog:
    """The generated catalogue: ids the rest of the shop refers to, and the SQL that creates it."""

    sql: list[str]
    products: list[Product]
    category_ids: list[int]
    leaf_category_ids: list[int]
    manufacturer_ids: list[int]


def oc_text(text: str) -> str:
    """Text as OpenCart stores form input: its Request class applies htmlspecialchars(ENT_COMPAT) to all of
    $_GET/$_POST (system/library/request.php), so & < > " are entities in the database and ' stays as is."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


_SPELL_OUT: dict[str, str | int | None] = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "ō": "o"}
_TRANSLITERATE = str.maketrans(_SPELL_OUT)


def slug(text: str) -> str:
    """An SEO keyword as shop owners type them: lowercase ASCII words joined by hyphens."""
    ascii_text = text.lower().translate(_TRANSLITERATE)
    return "-".join("".join(c if c.isalnum() and c.isascii() else " " for c in ascii_text).split())


def seo_rows(version: Version, key: str, value: str, keywords: dict[int, str]) -> list[tuple[object, ...]]:
    """oc_seo_url rows for store 0: 3.x ``query = 'product_id=42'``; 4.x ``key``/``value`` (categories: key
    ``path``, value ``20_27``, keyword ``parent/child`` as 4.1's addCategory builds it)."""
    if version == "3":
        return [(0, lang, f"{key}={value}", keyword) for lang, keyword in keywords.items()]
    return [(0, lang, key, value, keyword, 1 if key == "product_id" else 0) for lang, keyword in keywords.items()]


SEO_COLUMNS = {"3": ["store_id", "language_id", "query", "keyword"],
               "4": ["store_id", "language_id", "key", "value", "keyword", "sort_order"]}


def money(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def purge_demo_sql(version: Version) -> str:
    """Remove the installer's demo catalogue (19 products, 38 categories, 6 manufacturers) so ids start at 1."""
    tables = ["product", "product_description", "product_attribute", "product_discount", "product_filter",
              "product_image", "product_option", "product_option_value", "product_related", "product_reward",
              "product_to_category", "product_to_download", "product_to_layout", "product_to_store",
              "category", "category_description", "category_filter", "category_path", "category_to_layout",
              "category_to_store", "manufacturer", "manufacturer_to_store", "review"]
    tables += ["product_special", "product_recurring"] if version == "3" else ["product_code", "product_subscription",
                                                                                "manufacturer_to_layout"]
    statements = [f"DELETE FROM `oc_{table}`;" for table in tables]
    statements.append("DELETE FROM `oc_seo_url` WHERE " + (
        "`query` LIKE 'product_id=%' OR `query` LIKE 'category_id=%' OR `query` LIKE 'manufacturer_id=%';"
        if version == "3" else "`key` IN ('product_id', 'path', 'manufacturer_id');"))
    statements += [f"ALTER TABLE `oc_{t}` AUTO_INCREMENT = 1;" for t in ("product", "category", "manufacturer")]
    return "\n".join(statements) + "\n"


def language_sql(version: Version, copy_tables: list[tuple[str, list[str]]]) -> str:
    """Add German as language 2 and copy every per-language lookup row, as admin's addLanguage does."""
    g = GERMAN
    if version == "3":
        head = insert_sql("oc_language", ["language_id", "name", "code", "locale", "image", "directory", "sort_order",
                                          "status"],
                          [(g["language_id"], g["name"], g["code"], g["locale"], "de.png", "german", 2, 1)])
    else:
        head = insert_sql("oc_language", ["language_id", "name", "code", "locale", "extension", "sort_order", "status"],
                          [(g["language_id"], g["name"], g["code"], "de-de,de", "", 2, 1)])
    parts = [head]
    for table, columns in copy_tables:
        select = ", ".join("2" if c == "language_id" else f"`{c}`" for c in columns)
        cols = ", ".join(f"`{c}`" for c in columns)
        parts.append(f"INSERT IGNORE INTO `{table}` ({cols}) SELECT {select} FROM `{table}` WHERE `language_id` = 1;\n")
    return "".join(parts)


def options_sql(version: Version) -> str:
    """The Colour option (radio) with four values, and German names for it and the installer's Size option."""
    parts = [insert_sql("oc_option", ["option_id", "type", "sort_order"], [(COLOUR_OPTION, "radio", 2)])]
    parts.append(insert_sql("oc_option_description", ["option_id", "language_id", "name"],
                            [(COLOUR_OPTION, 1, "Colour"), (COLOUR_OPTION, 2, "Farbe")]))
    parts.append(insert_sql("oc_option_value", ["option_value_id", "option_id", "image", "sort_order"],
                            [(vid, COLOUR_OPTION, "", n) for n, vid in enumerate(COLOUR_VALUES, 1)]))
    parts.append(insert_sql("oc_option_value_description", ["option_value_id", "language_id", "option_id", "name"],
                            [(vid, lang, COLOUR_OPTION, names[lang - 1])
                             for vid, names in COLOUR_VALUES.items() for lang in LANGUAGES]))
    parts.append(f"UPDATE `oc_option_description` SET `name` = 'Größe' WHERE `option_id` = {SIZE_OPTION} "
                 "AND `language_id` = 2;\n")
    parts += [f"UPDATE `oc_option_value_description` SET `name` = '{names[1]}' WHERE `option_value_id` = {vid} "
              "AND `language_id` = 2;\n" for vid, names in SIZE_VALUES.items()]
    return "".join(parts)


def categories(version: Version, rng: random.Random, start: dt.datetime
               ) -> tuple[str, list[int], list[int], dict[int, int]]:
    """Three levels (8 x 4 x 3 = 136 categories) with descriptions per language and closure-table paths.

    Returns (SQL, all category ids, leaf ids, {category_id: parent_id}).
    """
    rows: list[tuple[object, ...]] = []
    descs, paths, stores, seo = new_rows(), new_rows(), new_rows(), new_rows()
    keyword_of: dict[tuple[int, int], str] = {}
    parent_of: dict[int, int] = {}
    all_ids: list[int] = []
    leaves: list[int] = []
    next_id = 1

    def add(parent_path: list[int], names: tuple[str, str], sort: int) -> int:
        nonlocal next_id
        category_id = next_id
        next_id += 1
        added = start + dt.timedelta(minutes=category_id * 7)
        parent = parent_path[-1] if parent_path else 0
        parent_of[category_id] = parent
        image = f"catalog/categories/c{category_id}.jpg"
        if version == "3":
            rows.append((category_id, image, parent, 1 if not parent else 0, 1, sort, 1, added, added))
        else:
            rows.append((category_id, image, parent, sort, 1))
        for lang in LANGUAGES:
            name = names[lang - 1]
            descs.append((category_id, lang, oc_text(name), oc_text(f"<p>{name}</p>"), oc_text(name), "", ""))
        # MySQL closure table as admin/model/catalog/category.php addCategory writes it: ancestors, then itself.
        for level, path_id in enumerate([*parent_path, category_id]):
            paths.append((category_id, path_id, level))
        stores.append((category_id, 0))
        for lang in LANGUAGES:
            own = f"{slug(names[lang - 1])}-c{category_id}"
            # 4.1 prefixes the parent's keyword; 3.x keywords are flat.
            keyword_of[category_id, lang] = (f"{keyword_of[parent, lang]}/{own}" if parent and version == "4" else own)
        if version == "3":
            seo.extend(seo_rows(version, "category_id", str(category_id), {lang: keyword_of[category_id, lang]
                                                                             for lang in LANGUAGES}))
        else:
            seo.extend(seo_rows(version, "path", "_".join(map(str, [*parent_path, category_id])),
                                {lang: keyword_of[category_id, lang] for lang in LANGUAGES}))
        all_ids.append(category_id)
        return category_id

    for t_sort, top in enumerate(TOP_CATEGORIES):
        top_id = add([], top, t_sort)
        for s_sort, word in enumerate(rng.sample(SUB_WORDS, 4)):
            sub_names = (f"{top[0]} {word[0]}", f"{top[1]} {word[1]}")
            sub_id = add([top_id], sub_names, s_sort)
            for leaf in range(3):
                leaf_id = add([top_id, sub_id], (f"{sub_names[0]} {leaf + 1}", f"{sub_names[1]} {leaf + 1}"), leaf)
                leaves.append(leaf_id)
    columns = (["category_id", "image", "parent_id", "top", "column", "sort_order", "status", "date_added",
                "date_modified"] if version == "3" else ["category_id", "image", "parent_id", "sort_order", "status"])
    sql = (insert_sql("oc_category", columns, rows)
           + insert_sql("oc_category_description", ["category_id", "language_id", "name", "description",
                                                    "meta_title", "meta_description", "meta_keyword"], descs)
           + insert_sql("oc_category_path", ["category_id", "path_id", "level"], paths)
           + insert_sql("oc_category_to_store", ["category_id", "store_id"], stores)
           + insert_sql("oc_seo_url", SEO_COLUMNS[version], seo))
    return sql, all_ids, leaves, parent_of


def manufacturers() -> tuple[str, list[int]]:
    ids = list(range(1, len(MANUFACTURERS) + 1))
    sql = (insert_sql("oc_manufacturer", ["manufacturer_id", "name", "image", "sort_order"],
                      [(i, oc_text(name), f"catalog/brands/b{i}.png", i)
                       for i, name in zip(ids, MANUFACTURERS, strict=True)])
           + insert_sql("oc_manufacturer_to_store", ["manufacturer_id", "store_id"], [(i, 0) for i in ids]))
    return sql, ids


def ean13(number: int) -> str:
    digits = f"40{number:010d}"
    check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10) % 10
    return digits + str(check)


def products(version: Version, rng: random.Random, count: int, leaves: list[int], category_parent: dict[int, int],
             manufacturer_ids: list[int], start: dt.datetime, end: dt.datetime) -> tuple[list[str], list[Product]]:
    """``count`` products with descriptions per language, codes, images, categories, options, specials, discounts."""
    cols3 = ["product_id", "model", "sku", "upc", "ean", "jan", "isbn", "mpn", "location", "quantity",
             "stock_status_id", "image", "manufacturer_id", "shipping", "price", "points", "tax_class_id",
             "date_available", "weight", "weight_class_id", "length", "width", "height", "length_class_id", "subtract",
             "minimum", "sort_order", "status", "viewed", "date_added", "date_modified"]
    cols4 = ["product_id", "master_id", "model", "location", "variant", "override", "quantity", "stock_status_id",
             "image", "manufacturer_id", "shipping", "price", "points", "tax_class_id", "date_available", "weight",
             "weight_class_id", "length", "width", "height", "length_class_id", "subtract", "minimum", "rating",
             "sort_order", "status", "date_added", "date_modified"]
    rows: list[tuple[object, ...]] = []
    descs, codes, images, to_cat, to_store, p_opts, p_vals, specials, discounts, seo = (new_rows() for _ in range(10))
    made: list[Product] = []
    span = (end - start).total_seconds() * 0.75
    # A few bulk edits give many products the same date_modified: change feeds must break ties by id.
    bulk_edits = [start + dt.timedelta(days=200 + 90 * k, hours=3) for k in range(5)]
    product_option_id = product_option_value_id = 0
    for product_id in range(1, count + 1):
        adjective, noun = rng.choice(ADJECTIVES), rng.choice(NOUNS)
        name_en, name_de = f"{adjective[0]} {noun[0]} {product_id}", f"{noun[1]} {adjective[1]} {product_id}"
        model = f"CG-{product_id:05d}"
        price = money(rng.choice([4.99, 9.5, 12, 19.99, 24.9, 39, 49.99, 79, 129, 249.5]) * rng.uniform(0.8, 1.3))
        quantity = rng.choice([0, 0, 3, 12, 25, 40, 100, 250])
        added = start + dt.timedelta(seconds=int(rng.random() * span))
        modified = rng.choice(bulk_edits) if rng.random() < 0.1 else added + dt.timedelta(days=rng.randint(0, 120))
        modified = max(modified, added)
        status = 0 if rng.random() < 0.05 else 1
        stock_status = STOCK_IN if quantity else rng.choice([STOCK_OUT, STOCK_2_3_DAYS, STOCK_PREORDER])
        image = f"catalog/products/{model.lower()}.jpg"
        weight, dims = money(rng.uniform(0.1, 5)), [money(rng.uniform(5, 60)) for _ in range(3)]
        manufacturer_id = rng.choice(manufacturer_ids) if rng.random() < 0.9 else 0
        sku, upc, ean, mpn = f"SKU-{product_id:06d}", f"{700000000000 + product_id:012d}", ean13(product_id), \
            f"MPN{rng.randint(10000, 99999)}"
        available = added.date()
        if version == "3":
            rows.append((product_id, model, sku, upc, ean, "", "", mpn, "", quantity, stock_status, image,
                         manufacturer_id, 1, price, 0, TAXABLE_GOODS, available, weight, 1, *dims, 1, 1, 1,
                         product_id % 10, status, rng.randint(0, 500), added, modified))
        else:
            rows.append((product_id, 0, model, "", "", "", quantity, stock_status, image, manufacturer_id, 1, price,
                         0, TAXABLE_GOODS, available, weight, 1, *dims, 1, 1, 1, 0, product_id % 10, status, added,
                         modified))
            # 4.1 keeps SKU/UPC/EAN/MPN as rows of oc_product_code keyed by oc_identifier.code.
            codes += [(product_id, code, value) for code, value in zip(IDENTIFIER_CODES, (sku, upc, ean, mpn),
                                                                      strict=True)]
        for lang, name in ((1, name_en), (2, name_de)):
            text = (f"<p>{name}: {noun[0].lower()} made to last.</p>" if lang == 1
                    else f"<p>{name}: langlebig und schön.</p>")
            descs.append((product_id, lang, oc_text(name), oc_text(text),
                          oc_text(f"{noun[lang - 1].lower()}, {adjective[lang - 1].lower()}"), oc_text(name), "", ""))
        images += [(product_id, f"catalog/products/{model.lower()}-{n}.jpg", n) for n in range(rng.randint(0, 3))]
        leaf = rng.choice(leaves)
        to_cat.append((product_id, leaf))
        to_cat.append((product_id, category_parent[leaf]))  # shops usually tick the parent too
        to_store.append((product_id, 0))
        seo.extend(seo_rows(version, "product_id", str(product_id),
                            {1: f"{slug(name_en)}-p{product_id}", 2: f"{slug(name_de)}-p{product_id}"}))
        product = Product(product_id, oc_text(name_en), model, price)
        option_plan = []
        if noun[0] in WEARABLE or rng.random() < 0.25:
            option_plan.append((SIZE_OPTION, list(SIZE_VALUES)))
        if rng.random() < 0.35:
            option_plan.append((COLOUR_OPTION, rng.sample(list(COLOUR_VALUES), rng.randint(2, 4))))
        for option_id, value_ids in option_plan:
            product_option_id += 1
            p_opts.append((product_option_id, product_id, option_id, "", 1))
            values: dict[int, tuple[int, Decimal]] = {}
            for value_id in value_ids:
                product_option_value_id += 1
                delta = money(rng.choice([0, 0, 1, 2.5, 5])) if option_id == SIZE_OPTION else money(0)
                p_vals.append((product_option_value_id, product_option_id, product_id, option_id, value_id,
                               rng.choice([0, 5, 10, 20, 50]), 1, delta, "+", 0, "+", money(0), "+"))
                values[value_id] = (product_option_value_id, delta)
            product.options[option_id] = (product_option_id, values)
        if rng.random() < 0.15:  # special price, default customer group, one month
            s_start = (added + dt.timedelta(days=rng.randint(0, 300))).date()
            special_price = money(price * Decimal("0.8"))
            if version == "3":
                specials.append((product_id, 1, 1, special_price, s_start, s_start + dt.timedelta(days=30)))
            else:
                discounts.append((product_id, 1, 1, 1, special_price, "F", 1, s_start,
                                  s_start + dt.timedelta(days=30)))
        if rng.random() < 0.1:  # quantity discounts 5+ and 10+, no end date
            for tier, factor in ((5, "0.95"), (10, "0.9")):
                tier_price = money(price * Decimal(factor))
                if version == "3":
                    discounts.append((product_id, 1, tier, 1, tier_price, dt.date(2000, 1, 1), "0000-00-00"))
                else:
                    discounts.append((product_id, 1, tier, 1, tier_price, "F", 0, dt.date(2000, 1, 1), "0000-00-00"))
        made.append(product)
    sql = [insert_sql("oc_product", cols3 if version == "3" else cols4, rows),
           insert_sql("oc_product_description", ["product_id", "language_id", "name", "description", "tag",
                                                 "meta_title", "meta_description", "meta_keyword"], descs),
           insert_sql("oc_product_image", ["product_id", "image", "sort_order"], images),
           insert_sql("oc_product_to_category", ["product_id", "category_id"], to_cat),
           insert_sql("oc_product_to_store", ["product_id", "store_id"], to_store),
           insert_sql("oc_product_option", ["product_option_id", "product_id", "option_id", "value", "required"],
                      p_opts),
           insert_sql("oc_product_option_value", ["product_option_value_id", "product_option_id", "product_id",
                                                  "option_id", "option_value_id", "quantity", "subtract", "price",
                                                  "price_prefix", "points", "points_prefix", "weight",
                                                  "weight_prefix"], p_vals)]
    if version == "3":
        sql.append(insert_sql("oc_product_special", ["product_id", "customer_group_id", "priority", "price",
                                                     "date_start", "date_end"], specials))
        sql.append(insert_sql("oc_product_discount", ["product_id", "customer_group_id", "quantity", "priority",
                                                      "price", "date_start", "date_end"], discounts))
    else:
        sql.append(insert_sql("oc_product_code", ["product_id", "code", "value"], codes))
        sql.append(insert_sql("oc_product_discount", ["product_id", "customer_group_id", "quantity", "priority",
                                                      "price", "type", "special", "date_start", "date_end"],
                              discounts))
    sql.append(insert_sql("oc_seo_url", SEO_COLUMNS[version], seo))
    return sql, made
