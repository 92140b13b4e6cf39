"""Upload ``bridge2cart/`` to a shop over FTP or explicit FTPS (aioftp), as ``account.cart.add`` offers.

FTP credentials are used for this one upload: they are arguments, never stored, never logged, and
no error message repeats them (nor the server's reply, which can echo the user name).
"""

from __future__ import annotations

import io
import posixpath
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field

import aioftp

from gateway.errors import FtpAccessError, FtpStoreDirError, FtpWriteError, InvalidParameter

__all__ = ["FtpTarget", "upload_bridge"]

_TIMEOUT = 30.0


@dataclass(frozen=True)
class FtpTarget:
    """Where to put the bridge: host, port, account and the shop's root folder on that server."""

    host: str
    user: str
    password: str = field(repr=False)
    port: int = 21
    store_dir: str = "/"
    tls: bool = False  # explicit FTPS (AUTH TLS)
    tls_context: ssl.SSLContext | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.host or any(c in self.host for c in "/\\ \r\n"):
            raise InvalidParameter("ftp_host is not a host name", field="ftp_host")
        if not 1 <= self.port <= 65535:
            raise InvalidParameter("ftp_port must be 1-65535", field="ftp_port")
        if "\r" in self.store_dir or "\n" in self.store_dir or "\0" in self.store_dir:
            raise InvalidParameter("ftp_store_dir is not a path", field="ftp_store_dir")


async def upload_bridge(target: FtpTarget, files: Mapping[str, bytes]) -> list[str]:
    """Write ``files`` (relative paths such as ``bridge2cart/bridge.php``) under ``target.store_dir``.

    Returns the remote paths written. Raises ``FtpAccessError`` (cannot connect or log in),
    ``FtpStoreDirError`` (store dir missing) or ``FtpWriteError`` (a folder or file not written).
    """
    client = aioftp.Client(socket_timeout=_TIMEOUT, connection_timeout=_TIMEOUT)
    try:
        try:
            await client.connect(target.host, target.port)
            if target.tls:
                await client.upgrade_to_tls(target.tls_context or ssl.create_default_context())
            await client.login(target.user, target.password)
        except (OSError, TimeoutError, aioftp.StatusCodeError, ssl.SSLError):
            raise FtpAccessError("Could not connect or log in to the FTP server", field="ftp_host") from None
        written = await _write_all(client, target.store_dir, files)
        try:
            await client.quit()
        except (OSError, TimeoutError, aioftp.StatusCodeError):
            pass  # the files are written; a failed QUIT changes nothing
        return written
    finally:
        client.close()


async def _write_all(client: aioftp.Client, store_dir: str, files: Mapping[str, bytes]) -> list[str]:
    try:
        await client.change_directory(store_dir)
    except (aioftp.StatusCodeError, OSError):
        raise FtpStoreDirError("ftp_store_dir does not exist on the FTP server", field="ftp_store_dir") from None
    written = []
    for relative, data in files.items():
        folder = posixpath.dirname(relative)
        try:
            if folder and not await client.exists(folder):
                await client.make_directory(folder)
            async with client.upload_stream(relative) as stream:
                reader = io.BytesIO(data)
                while chunk := reader.read(64 * 1024):
                    await stream.write(chunk)
        except (aioftp.StatusCodeError, OSError):
            raise FtpWriteError("Could not write the bridge files on the FTP server", field="ftp_store_dir") from None
        written.append(posixpath.join(store_dir, relative))
    return written
