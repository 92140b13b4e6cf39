"""Write an OpenCart shop folder's config.php and admin/config.php exactly as OpenCart's web installer does.

Text copied in shape from install/controller/install/step_3.php at tags 3.0.3.8 and 4.1.0.4: ``define()`` lines, every
DB value passed through PHP's ``addslashes`` inside single quotes. That escaping has a defect we reproduce on purpose:
in a single-quoted PHP string ``\\"`` is not an escape, so a password containing ``"`` is read back by PHP with a
backslash before the quote (see ``effective_password``). A real shop with such a password only works once its owner
fixes config.php or the database password; test shops use the password PHP actually reads.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tests.shops.opencart_schema import RELEASES, Version

# A password with every character the issue asks for: $ # @ ' " (and a backslash, which addslashes doubles).
TRICKY_PASSWORD = "p$ss#w0rd@'q\"\\z"


@dataclass(frozen=True)
class DbSettings:
    """What the installer's step 3 form asks for."""

    database: str
    username: str = "root"
    password: str = ""
    hostname: str = "127.0.0.1"
    port: int = 3306
    prefix: str = "oc_"
    driver: str = "mysqli"


def addslashes(text: str) -> str:
    """PHP's addslashes(): backslash before ', ", \\ and NUL (NUL becomes \\0)."""
    return text.replace("\\", "\\\\").replace("'", "\\'").replace('"', '\\"').replace("\0", "\\0")


def php_single_quoted(literal: str) -> str:
    """The value PHP gives the body of a single-quoted string: only \\\\ and \\' are escapes."""
    out, i = [], 0
    while i < len(literal):
        if literal[i] == "\\" and i + 1 < len(literal) and literal[i + 1] in "\\'":
            out.append(literal[i + 1])
            i += 2
        else:
            out.append(literal[i])
            i += 1
    return "".join(out)


def effective_password(password: str) -> str:
    """The DB_PASSWORD PHP reads from an installer-written config.php for ``password`` typed into the installer."""
    return php_single_quoted(addslashes(password))


def _db_lines(db: DbSettings) -> str:
    return ("// DB\n"
            f"define('DB_DRIVER', '{addslashes(db.driver)}');\n"
            f"define('DB_HOSTNAME', '{addslashes(db.hostname)}');\n"
            f"define('DB_USERNAME', '{addslashes(db.username)}');\n"
            f"define('DB_PASSWORD', '{addslashes(db.password)}');\n"
            f"define('DB_DATABASE', '{addslashes(db.database)}');\n"
            f"define('DB_PORT', '{addslashes(str(db.port))}');\n"
            f"define('DB_PREFIX', '{addslashes(db.prefix)}');")


def catalog_config(version: Version, root: str, http_server: str, db: DbSettings) -> str:
    """The text of ``config.php`` the installer writes (``root`` ends with ``/``, as DIR_OPENCART does)."""
    if version == "3":
        r = addslashes(root)
        return ("<?php\n// HTTP\n"
                f"define('HTTP_SERVER', '{http_server}');\n\n"
                f"// HTTPS\ndefine('HTTPS_SERVER', '{http_server}');\n\n"
                "// DIR\n"
                f"define('DIR_APPLICATION', '{r}catalog/');\n"
                f"define('DIR_SYSTEM', '{r}system/');\n"
                f"define('DIR_IMAGE', '{r}image/');\n"
                "define('DIR_STORAGE', DIR_SYSTEM . 'storage/');\n"
                "define('DIR_LANGUAGE', DIR_APPLICATION . 'language/');\n"
                "define('DIR_TEMPLATE', DIR_APPLICATION . 'view/theme/');\n"
                "define('DIR_CONFIG', DIR_SYSTEM . 'config/');\n"
                "define('DIR_CACHE', DIR_STORAGE . 'cache/');\n"
                "define('DIR_DOWNLOAD', DIR_STORAGE . 'download/');\n"
                "define('DIR_LOGS', DIR_STORAGE . 'logs/');\n"
                "define('DIR_MODIFICATION', DIR_STORAGE . 'modification/');\n"
                "define('DIR_SESSION', DIR_STORAGE . 'session/');\n"
                "define('DIR_UPLOAD', DIR_STORAGE . 'upload/');\n\n"
                + _db_lines(db))  # 3.x writes no newline after the last line
    return ("<?php\n// APPLICATION\ndefine('APPLICATION', 'Catalog');\n\n"
            f"// HTTP\ndefine('HTTP_SERVER', '{http_server}');\n\n"
            "// DIR\n"
            f"define('DIR_OPENCART', '{root}');\n"  # 4.x does not addslashes the path
            "define('DIR_APPLICATION', DIR_OPENCART . 'catalog/');\n"
            "define('DIR_EXTENSION', DIR_OPENCART . 'extension/');\n"
            "define('DIR_IMAGE', DIR_OPENCART . 'image/');\n"
            "define('DIR_SYSTEM', DIR_OPENCART . 'system/');\n"
            "define('DIR_STORAGE', DIR_SYSTEM . 'storage/');\n"
            "define('DIR_LANGUAGE', DIR_APPLICATION . 'language/');\n"
            "define('DIR_TEMPLATE', DIR_APPLICATION . 'view/template/');\n"
            "define('DIR_CONFIG', DIR_SYSTEM . 'config/');\n"
            "define('DIR_CACHE', DIR_STORAGE . 'cache/');\n"
            "define('DIR_DOWNLOAD', DIR_STORAGE . 'download/');\n"
            "define('DIR_LOGS', DIR_STORAGE . 'logs/');\n"
            "define('DIR_SESSION', DIR_STORAGE . 'session/');\n"
            "define('DIR_UPLOAD', DIR_STORAGE . 'upload/');\n\n"
            + _db_lines(db) + "\n"
            "define('DB_SSL_KEY', '');\ndefine('DB_SSL_CERT', '');\ndefine('DB_SSL_CA', '');\n")


def admin_config(version: Version, root: str, http_server: str, db: DbSettings) -> str:
    """The text of ``admin/config.php`` the installer writes."""
    if version == "3":
        r = addslashes(root)
        return ("<?php\n// HTTP\n"
                f"define('HTTP_SERVER', '{http_server}admin/');\ndefine('HTTP_CATALOG', '{http_server}');\n\n"
                f"// HTTPS\ndefine('HTTPS_SERVER', '{http_server}admin/');\n"
                f"define('HTTPS_CATALOG', '{http_server}');\n\n"
                "// DIR\n"
                f"define('DIR_APPLICATION', '{r}admin/');\n"
                f"define('DIR_SYSTEM', '{r}system/');\n"
                f"define('DIR_IMAGE', '{r}image/');\n"
                "define('DIR_STORAGE', DIR_SYSTEM . 'storage/');\n"
                f"define('DIR_CATALOG', '{r}catalog/');\n"
                "define('DIR_LANGUAGE', DIR_APPLICATION . 'language/');\n"
                "define('DIR_TEMPLATE', DIR_APPLICATION . 'view/template/');\n"
                "define('DIR_CONFIG', DIR_SYSTEM . 'config/');\n"
                "define('DIR_CACHE', DIR_STORAGE . 'cache/');\n"
                "define('DIR_DOWNLOAD', DIR_STORAGE . 'download/');\n"
                "define('DIR_LOGS', DIR_STORAGE . 'logs/');\n"
                "define('DIR_MODIFICATION', DIR_STORAGE . 'modification/');\n"
                "define('DIR_SESSION', DIR_STORAGE . 'session/');\n"
                "define('DIR_UPLOAD', DIR_STORAGE . 'upload/');\n\n"
                + _db_lines(db) + "\n\n"
                "// OpenCart API\ndefine('OPENCART_SERVER', 'https://www.opencart.com/');\n")
    return ("<?php\n// APPLICATION\ndefine('APPLICATION', 'Admin');\n\n"
            f"// HTTP\ndefine('HTTP_SERVER', '{http_server}admin/');\ndefine('HTTP_CATALOG', '{http_server}');\n\n"
            "// DIR\n"
            f"define('DIR_OPENCART', '{root}');\n"
            "define('DIR_APPLICATION', DIR_OPENCART . 'admin/');\n"
            "define('DIR_EXTENSION', DIR_OPENCART . 'extension/');\n"
            "define('DIR_IMAGE', DIR_OPENCART . 'image/');\n"
            "define('DIR_SYSTEM', DIR_OPENCART . 'system/');\n"
            "define('DIR_CATALOG', DIR_OPENCART . 'catalog/');\n"
            "define('DIR_STORAGE', DIR_SYSTEM . 'storage/');\n"
            "define('DIR_LANGUAGE', DIR_APPLICATION . 'language/');\n"
            "define('DIR_TEMPLATE', DIR_APPLICATION . 'view/template/');\n"
            "define('DIR_CONFIG', DIR_SYSTEM . 'config/');\n"
            "define('DIR_CACHE', DIR_STORAGE . 'cache/');\n"
            "define('DIR_DOWNLOAD', DIR_STORAGE . 'download/');\n"
            "define('DIR_LOGS', DIR_STORAGE . 'logs/');\n"
            "define('DIR_SESSION', DIR_STORAGE . 'session/');\n"
            "define('DIR_UPLOAD', DIR_STORAGE . 'upload/');\n\n"
            + _db_lines(db) + "\n\n"
            "define('DB_SSL_KEY', '');\ndefine('DB_SSL_CERT', '');\ndefine('DB_SSL_CA', '');\n\n"
            "// OpenCart API\ndefine('OPENCART_SERVER', 'https://www.opencart.com/');\n")


def write_config_php(version: Version, shop_dir: Path, db: DbSettings, http_server: str = "http://127.0.0.1/"
                     ) -> Path:
    """Write config.php and admin/config.php into ``shop_dir`` as the installer would; returns config.php's path."""
    root = str(shop_dir.resolve()).replace("\\", "/").rstrip("/") + "/"
    (shop_dir / "admin").mkdir(parents=True, exist_ok=True)
    (shop_dir / "admin" / "config.php").write_text(admin_config(version, root, http_server, db), encoding="utf-8")
    path = shop_dir / "config.php"
    path.write_text(catalog_config(version, root, http_server, db), encoding="utf-8")
    return path


def build_shop_folder(version: Version, shop_dir: Path, db: DbSettings, http_server: str = "http://127.0.0.1/"
                      ) -> Path:
    """A shop folder as an OpenCart install leaves it, minus the PHP application: config files, index.php with
    the VERSION define (first lines of OpenCart's own index.php), and the image/system/storage folders."""
    shop_dir.mkdir(parents=True, exist_ok=True)
    write_config_php(version, shop_dir, db, http_server)
    (shop_dir / "index.php").write_text(
        f"<?php\n// Version\ndefine('VERSION', '{RELEASES[version]}');\n\n// Configuration\n"
        "if (is_file('config.php')) {\n\trequire_once('config.php');\n}\n", encoding="utf-8")
    for folder in ("catalog", "image/catalog", "system/storage/logs"):
        (shop_dir / folder).mkdir(parents=True, exist_ok=True)
    return shop_dir


def unzip_into_shop(shop_dir: Path, package: bytes) -> list[str]:
    """Unzip a bridge package (``bridge.download``'s zip) into the shop root, as the store owner does.

    Raises ValueError for a member that would land outside the shop folder.
    """
    root = shop_dir.resolve()
    names = []
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for member in archive.infolist():
            target = (root / member.filename).resolve()
            if not target.is_relative_to(root):
                raise ValueError(f"zip member escapes the shop folder: {member.filename!r}")
            if member.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(member))
            names.append(member.filename)
    return names
