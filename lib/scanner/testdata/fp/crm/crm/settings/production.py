"""Production settings for the dealer CRM. Every secret comes from the environment."""

import os

from .base import *  # noqa: F401,F403


def env(name: str) -> str:
    try:
        return os.environ[name]
    except KeyError as exc:  # pragma: no cover - fails fast at boot
        raise RuntimeError(f"missing required environment variable {name}") from exc


DEBUG = False

SECRET_KEY = env("DJANGO_SECRET_KEY")

ALLOWED_HOSTS = ["crm.fernhill-outdoor.com"]
CSRF_TRUSTED_ORIGINS = ["https://crm.fernhill-outdoor.com"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "crm",
        "USER": "crm_app",
        "PASSWORD": env("CRM_DB_PASSWORD"),
        "HOST": "crm-db.internal.fernhill-outdoor.com",
        "PORT": "5432",
        "CONN_MAX_AGE": 60,
    }
}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

EMAIL_HOST = "email-smtp.eu-central-1.amazonaws.com"
EMAIL_PORT = 587
EMAIL_USE_TLS = True
EMAIL_HOST_USER = env("SES_SMTP_USER")
EMAIL_HOST_PASSWORD = env("SES_SMTP_PASSWORD")

SOCIAL_AUTH_GOOGLE_OAUTH2_KEY = "215579100203-mbtjpuwoa2ombyk33vzhd8i3nc4dcrva.apps.googleusercontent.com"
SOCIAL_AUTH_GOOGLE_OAUTH2_SECRET = env("GOOGLE_OAUTH2_CLIENT_SECRET")
SOCIAL_AUTH_GOOGLE_OAUTH2_WHITELISTED_DOMAINS = ["fernhill-outdoor.com"]

SESSION_COOKIE_NAME = "crm_sessionid"
CSRF_COOKIE_NAME = "crm_csrftoken"
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
