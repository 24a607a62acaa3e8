from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, EmailStr, Field, SecretStr, field_validator, model_validator

PasswordStr = Annotated[SecretStr, Field(min_length=12, max_length=128)]


class UserCreate(BaseModel):
    email: EmailStr
    full_name: str = Field(min_length=1, max_length=100)
    password: PasswordStr
    password_confirm: SecretStr

    @field_validator("password")
    @classmethod
    def password_strength(cls, v: SecretStr) -> SecretStr:
        raw = v.get_secret_value()
        if raw.lower() == raw or raw.upper() == raw:
            raise ValueError("password must mix upper- and lowercase letters")
        if not any(c.isdigit() for c in raw):
            raise ValueError("password must contain a digit")
        return v

    @model_validator(mode="after")
    def passwords_match(self) -> "UserCreate":
        if self.password.get_secret_value() != self.password_confirm.get_secret_value():
            raise ValueError("passwords do not match")
        return self


class UserLogin(BaseModel):
    email: EmailStr
    password: SecretStr
    otp: str | None = Field(default=None, pattern=r"^\d{6}$")


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    email: EmailStr
    full_name: str
    created_at: datetime
    # Never serialised: the hash stays in the database row.
    # password_hash: str


class ApiTokenOut(BaseModel):
    id: UUID
    name: str
    token: SecretStr | None = Field(default=None, description="Only set in the response that creates the token.")
    expires_at: datetime | None


class Settings(BaseModel):
    database_url: SecretStr
    jwt_secret: SecretStr
    jwt_algorithm: str = "HS256"
    access_token_expire_minutes: int = 15
