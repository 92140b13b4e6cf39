"""Load OpenCart's own install SQL (3.0.3.8 or 4.1.0.4) into a fresh MariaDB database.

The files are read from ``../shared/reference/`` (relative to the repository), unchanged except for the table prefix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from tests.shops.mariadb import create_database, drop_database, run_sql

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference"

Version = Literal["3", "4"]
#: The exact releases the reference files come from (what ``index.php`` defines as VERSION).
RELEASES: dict[Version, str] = {"3": "3.0.3.8", "4": "4.1.0.4"}

# OpenCart's own mysqli driver sets this mode; 3.x's SQL needs it (README of shared/reference/).
OC_SQL_MODE = "SET SESSION sql_mode='NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION';\n"


def schema_files(version: Version) -> list[Path]:
    """The install SQL files of ``version``, in load order."""
    if version == "3":
        return [REFERENCE / "opencart3" / "opencart.sql"]
    return [REFERENCE / "opencart4" / "schema.sql", REFERENCE / "opencart4" / "opencart-en-gb.sql"]


def schema_script(version: Version, prefix: str = "oc_") -> str:
    """One SQL script that builds the tables and the installer's default rows with table prefix ``prefix``."""
    if not prefix.replace("_", "").isalnum() or not prefix.islower():
        raise ValueError("prefix must be lowercase letters, digits and _ (the installer's rule)")
    parts = [OC_SQL_MODE]
    for path in schema_files(version):
        # Every table name in these files is written `oc_name` (others are comments), so this is exact.
        parts.append(path.read_text(encoding="utf-8").replace("`oc_", f"`{prefix}"))
        parts.append("\n" + OC_SQL_MODE)
    # The installer removes the demo catalogue only on request; we keep the default rows but not demo products,
    # so generated ids start at 1 and every product follows our conventions.
    return "".join(parts)


def load_schema(version: Version, db_name: str, prefix: str = "oc_") -> None:
    """Create database ``db_name`` (must start with ``cg_oc_``) and load OpenCart ``version`` into it.

    Raises MariaDBError if the database exists or a statement fails; ValueError for a bad name or prefix.
    """
    script = schema_script(version, prefix)
    create_database(db_name)
    try:
        run_sql(script, db_name)
    except Exception:
        drop_database(db_name)
        raise
