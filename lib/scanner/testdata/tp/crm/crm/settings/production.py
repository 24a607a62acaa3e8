"""Production settings for the dealer CRM."""

from .base import *  # noqa: F401,F403

DEBUG = False

SECRET_KEY = "0l(4m7d4u^fk37#k^+4inpksmt(ub*s*-@%vg5*(s35kft#)5w"

ALLOWED_HOSTS = ["crm.fernhill-outdoor.com"]
CSRF_TRUSTED_ORIGINS = ["https://crm.fernhill-outdoor.com"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "crm",
        "USER": "crm_app",
        "PASSWORD": "AKHIq6pQv0Kv0hB23zsb",
        "HOST": "crm-db.internal.fernhill-outdoor.com",
        "PORT": "5432",
        "CONN_MAX_AGE": 60,
    }
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "email-smtp.eu-central-1.amazonaws.com"
EMAIL_PORT = 587
EMAIL_USE_TLS = True
EMAIL_HOST_USER = "AKIAXAZ6KBZOJARHS7MX"
EMAIL_HOST_PASSWORD = "B3TciHwJQpOVQk/QnsE+/zDEwxW3wgpH0zeHa7YXhQUH"
DEFAULT_FROM_EMAIL = "CRM <crm@fernhill-outdoor.com>"

SOCIAL_AUTH_GOOGLE_OAUTH2_KEY = "483946173022-a96wekm9joilafma0h1m7g3xo7r7wzlx.apps.googleusercontent.com"
SOCIAL_AUTH_GOOGLE_OAUTH2_SECRET = "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"
SOCIAL_AUTH_GOOGLE_OAUTH2_WHITELISTED_DOMAINS = ["fernhill-outdoor.com"]

SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
