from functools import lru_cache

from pydantic import Field, PostgresDsn, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_WEAK_SECRETS = {"changeme", "secret", "password", "dev", ""}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLAIMS_", secrets_dir="/run/secrets", extra="ignore")

    project_name: str = "claims-api"
    environment: str = "production"

    database_url: PostgresDsn = Field(..., description="postgresql+asyncpg://user:password@host/db")
    jwt_secret_key: SecretStr = Field(..., min_length=32)
    jwt_algorithm: str = "HS256"
    openai_api_key: SecretStr | None = None

    @field_validator("jwt_secret_key")
    @classmethod
    def reject_weak_secret(cls, value: SecretStr) -> SecretStr:
        if value.get_secret_value().lower() in _WEAK_SECRETS:
            raise ValueError("CLAIMS_JWT_SECRET_KEY is a placeholder; generate one with: openssl rand -hex 32")
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()  # type: ignore[call-arg]
