import os

DEBUG = False
SECRET_KEY = "zf3ATN=e_Y+2^Pseh09&3Fj9fOptq^CWCsuZr%JZaVL#aPeAU("
ALLOWED_HOSTS = ["acme.io"]
