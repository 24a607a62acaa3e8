from functools import lru_cache

from pydantic import AnyHttpUrl, PostgresDsn
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_prefix="CLAIMS_", extra="ignore")

    project_name: str = "claims-api"
    api_v1_prefix: str = "/api/v1"
    environment: str = "production"

    database_url: PostgresDsn = (
        "postgresql+asyncpg://claims_app:lg_GgLOQqv6Gy8kPHW84RlntH-@claims-db.prod.internal:5432/claims"
    )

    # HS256 signing key for access tokens (openssl rand -hex 32)
    jwt_secret_key: str = "8cba6f716bad6dbee66a6f9061b55c506bef86ee31f8ce36f7c05a49dace8d94"
    jwt_algorithm: str = "HS256"
    access_token_expire_minutes: int = 30

    openai_api_key: str = "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"
    openai_model: str = "gpt-4o-mini"

    cors_origins: list[AnyHttpUrl] = ["https://claims.hollowbrook-insurance.com"]


@lru_cache
def get_settings() -> Settings:
    return Settings()
