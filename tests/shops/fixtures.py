"""A ready OpenCart 3 and 4 shop per test session: database, MariaDB user with a tricky password, shop folder.

Use from a conftest: ``from tests.shops.fixtures import opencart_shops  # noqa: F401`` and ask for
``opencart_shops["3"]`` / ``opencart_shops["4"]``. Everything is dropped at the end of the session.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.shops.mariadb import drop_database, literal, new_database_name, run_sql
from tests.shops.opencart_config import TRICKY_PASSWORD, DbSettings, build_shop_folder, effective_password
from tests.shops.opencart_schema import Version
from tests.shops.opencart_shop import ShopSummary, build_shop

# Small enough to build both shops in a few seconds, big enough for paging and the minimums.
DEFAULT_SIZES = {"products_count": 1000, "orders_count": 2000, "customers_count": 200}


@dataclass(frozen=True)
class OpenCartShop:
    """A generated shop: its database, the settings its config.php holds, and its folder."""

    version: Version
    summary: ShopSummary
    db: DbSettings  # password = what the installer was given (config.php holds it addslashes()-escaped)
    root: Path

    @property
    def database(self) -> str:
        return self.db.database


@contextmanager
def opencart_shop(version: Version, folder: Path, **sizes: int) -> Iterator[OpenCartShop]:
    """Build one shop; drops its database and MariaDB user afterwards."""
    database = new_database_name(f"oc{version}")
    user = f"cg_oc_u{secrets.token_hex(4)}"
    try:
        summary = build_shop(version, database, **(DEFAULT_SIZES | sizes))
        # The account uses the password PHP reads back from the installer's config.php (see opencart_config).
        password = literal(effective_password(TRICKY_PASSWORD))
        run_sql(f"CREATE USER '{user}'@'127.0.0.1' IDENTIFIED BY {password};\n"
                f"CREATE USER '{user}'@'localhost' IDENTIFIED BY {password};\n"
                f"GRANT ALL ON `{database}`.* TO '{user}'@'127.0.0.1';\n"
                f"GRANT ALL ON `{database}`.* TO '{user}'@'localhost';\n")
        db = DbSettings(database=database, username=user, password=TRICKY_PASSWORD)
        yield OpenCartShop(version, summary, db, build_shop_folder(version, folder, db))
    finally:
        run_sql(f"DROP USER IF EXISTS '{user}'@'127.0.0.1';\nDROP USER IF EXISTS '{user}'@'localhost';\n")
        drop_database(database)


@pytest.fixture(scope="session")
def opencart_shops(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[Version, OpenCartShop]]:
    """Both shops, built once per session with DEFAULT_SIZES."""
    with (opencart_shop("3", tmp_path_factory.mktemp("oc3") / "shop") as oc3,
          opencart_shop("4", tmp_path_factory.mktemp("oc4") / "shop") as oc4):
        yield {"3": oc3, "4": oc4}
