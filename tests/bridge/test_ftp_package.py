"""The bridge package (config.php + zip) and its FTP upload against a real pyftpdlib server."""

from __future__ import annotations

import io
import logging
import subprocess
import threading
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.bridge.ftp import FtpTarget, upload_bridge
from gateway.bridge.keys import public_pem
from gateway.bridge.package import bridge_files, bridge_zip, render_config
from gateway.bridge.protocol import StoreSecrets
from gateway.errors import FtpAccessError, FtpStoreDirError, FtpWriteError, InvalidParameter
from tests.bridge import shop

FTP_USER, FTP_PASSWORD = "shopowner", "ftp-s3cret-Pa55"


@pytest.fixture(scope="module")
def store() -> StoreSecrets:
    return shop.new_store_secrets()


@pytest.fixture
def ftp_server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    with warnings.catch_warnings():  # pyftpdlib still imports asyncore/asynchat (deprecated in 3.11)
        warnings.simplefilter("ignore", DeprecationWarning)
        from pyftpdlib.authorizers import DummyAuthorizer
        from pyftpdlib.handlers import FTPHandler
        from pyftpdlib.servers import FTPServer
    root = tmp_path / "ftproot"
    (root / "public_html").mkdir(parents=True)
    (root / "readonly").mkdir()
    authorizer = DummyAuthorizer()
    authorizer.add_user(FTP_USER, FTP_PASSWORD, str(root), perm="elradfmw")
    authorizer.override_perm(FTP_USER, str(root / "readonly"), perm="elr", recursive=True)
    handler = type("Handler", (FTPHandler,), {"authorizer": authorizer, "auth_failed_timeout": 0.05})
    logging.getLogger("pyftpdlib").setLevel(logging.ERROR)
    server = FTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"timeout": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.address[1], root
    finally:
        server.close_all()
        thread.join(timeout=5)


def test_config_is_valid_php_with_the_store_values(store: StoreSecrets, php: str, tmp_path: Path) -> None:
    config = render_config(
        store.store_key, public_pem(store.private_key), store_root="/var/www/o'shop", db_tables_prefix="oc_"
    )
    path = tmp_path / "config.php"
    path.write_text(config)
    assert subprocess.run([php, "-l", str(path)], capture_output=True, check=False).returncode == 0
    done = subprocess.run(
        [php, "-r", f"echo json_encode(include '{path}');"], capture_output=True, text=True, check=True
    )
    assert '"store_root":"\\/var\\/www\\/o\'shop"' in done.stdout
    assert f'"store_key":"{store.store_key}"' in done.stdout and '"allow_plain":false' in done.stdout
    assert "PRIVATE" not in config


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("store_key", {"store_key": "NOT-HEX"}),
        ("db_tables_prefix", {"db_tables_prefix": "x'; system('id'); //"}),
        ("store_root", {"store_root": "/a\n/b"}),
    ],
)
def test_config_refuses_values_that_could_break_out(store: StoreSecrets, field: str, kwargs: dict[str, str]) -> None:
    args = {"store_key": store.store_key, "public_key_pem": public_pem(store.private_key), **kwargs}
    with pytest.raises(InvalidParameter) as caught:
        render_config(**args)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_zip_holds_bridge2cart(store: StoreSecrets) -> None:
    config = render_config(store.store_key, public_pem(store.private_key))
    with zipfile.ZipFile(io.BytesIO(bridge_zip(config))) as archive:
        assert sorted(archive.namelist()) == [
            "bridge2cart/bridge.php",
            "bridge2cart/config.php",
            "bridge2cart/index.html",
        ]
        assert archive.read("bridge2cart/config.php").decode() == config
        assert archive.testzip() is None


async def test_ftp_upload_writes_the_bridge(store: StoreSecrets, ftp_server: tuple[int, Path]) -> None:
    port, root = ftp_server
    files = bridge_files(render_config(store.store_key, public_pem(store.private_key)))
    written = await upload_bridge(FtpTarget("127.0.0.1", FTP_USER, FTP_PASSWORD, port, "/public_html"), files)
    assert written == [
        "/public_html/bridge2cart/bridge.php",
        "/public_html/bridge2cart/config.php",
        "/public_html/bridge2cart/index.html",
    ]
    for name, data in files.items():
        assert (root / "public_html" / name).read_bytes() == data


async def test_ftp_wrong_password_is_access_error_without_credentials(ftp_server: tuple[int, Path]) -> None:
    port, _ = ftp_server
    with pytest.raises(FtpAccessError) as caught:
        await upload_bridge(FtpTarget("127.0.0.1", FTP_USER, "wrong-password", port, "/"), {"a.txt": b"x"})
    assert caught.value.return_code == 102
    assert FTP_USER not in caught.value.message and "wrong-password" not in caught.value.message


async def test_ftp_missing_store_dir(ftp_server: tuple[int, Path]) -> None:
    port, _ = ftp_server
    with pytest.raises(FtpStoreDirError) as caught:
        await upload_bridge(FtpTarget("127.0.0.1", FTP_USER, FTP_PASSWORD, port, "/no/such/dir"), {"a.txt": b"x"})
    assert caught.value.return_code == 104


async def test_ftp_read_only_dir_is_write_error(ftp_server: tuple[int, Path]) -> None:
    port, _ = ftp_server
    with pytest.raises(FtpWriteError) as caught:
        await upload_bridge(
            FtpTarget("127.0.0.1", FTP_USER, FTP_PASSWORD, port, "/readonly"), {"bridge2cart/bridge.php": b"<?php"}
        )
    assert caught.value.return_code == 103


async def test_ftp_nobody_listening_is_access_error() -> None:
    with pytest.raises(FtpAccessError):
        await upload_bridge(FtpTarget("127.0.0.1", FTP_USER, FTP_PASSWORD, shop.free_port(), "/"), {"a": b"x"})


def test_ftp_target_never_shows_the_password() -> None:
    assert FTP_PASSWORD not in repr(FtpTarget("127.0.0.1", FTP_USER, FTP_PASSWORD))
