from .base import *  # noqa: F401,F403

DEBUG = False
ALLOWED_HOSTS = ["rota.northgate-care.co.uk", "rostering-prod.internal"]

SECRET_KEY = "8_y!gh&m2pjuc^g1hv9zg0o_)ndr6hm23=x@po@w957dtq*=z!"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "rostering",
        "USER": "rostering",
        "PASSWORD": "eacHYkymPV6P-ERlUO9-Fl",
        "HOST": "rostering-db.c4uf1x0nqz7p.eu-west-2.rds.amazonaws.com",
        "PORT": "5432",
        "CONN_MAX_AGE": 60,
        "OPTIONS": {"sslmode": "require"},
    }
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "smtp.eu.mailgun.org"
EMAIL_PORT = 587
EMAIL_USE_TLS = True
EMAIL_HOST_USER = "postmaster@mg.northgate-care.co.uk"
EMAIL_HOST_PASSWORD = "02f2f2074e23d9bfe123ea675b1b70d7-f0b2179b-f6ec7dd6"
DEFAULT_FROM_EMAIL = "Rota <rota@northgate-care.co.uk>"

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
