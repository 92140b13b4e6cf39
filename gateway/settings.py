"""Gateway settings: environment variables (CARTGATE_*) over ``cartgate.toml`` over defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

__all__ = ["Settings"]


class Settings(BaseSettings):
    """Every knob the gateway has; each is documented in docs/configuration.md."""

    model_config = SettingsConfigDict(env_prefix="CARTGATE_", toml_file="cartgate.toml", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///var/cartgate.db"
    secret_key: str | None = Field(default=None, repr=False)
    secret_key_file: Path = Path("var/secret.key")
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    public_url: str | None = None
    rate_limit_requests: int = Field(default=300, ge=1)
    rate_limit_window: float = Field(default=60.0, gt=0)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    key_cache_seconds: float = Field(default=5.0, ge=0)
    idempotency_seconds: float = Field(default=900.0, gt=0)
    log_json: bool | None = None
    log_level: str = "INFO"

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        # Accept the plain URLs people paste; the gateway always talks through an async driver.
        if value.startswith("sqlite:///"):
            return "sqlite+aiosqlite:///" + value.removeprefix("sqlite:///")
        if value.startswith(("postgres://", "postgresql://")):
            return "postgresql+asyncpg://" + value.split("://", 1)[1]
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))

    @property
    def base_url(self) -> str:
        return self.public_url or f"http://{self.host}:{self.port}"

    def safe_dict(self) -> dict[str, Any]:
        """Settings for logs: the secret key is never included."""
        return self.model_dump(exclude={"secret_key"}, mode="json")
