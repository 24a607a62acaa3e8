from django.db import migrations

# Service accounts are created with unusable-by-humans passwords; the hashes below are
# Django PBKDF2 hashes (not the passwords). Real logins use API tokens.
SERVICE_USERS = [
    ("svc-import", "pbkdf2_sha256$720000$1x3IVplxFohhHQ8opYghkq$BV/FnEt5vyio8BmxWEWbUKxg2unKQ/jtzzOVkDwWQwM="),
    ("svc-notify", "pbkdf2_sha256$720000$pgd7SDFjkywUKf5MY1YDdh$sHXadewdQALsfYfCMMHo3LuGHMeTyDb27xF/WlWM5ck="),
    ("svc-reports", "!prdGz4N3L5RpsNhHebeyfDFG5awUa40PQLlfZITZ"),
]


def create_service_users(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for username, password_hash in SERVICE_USERS:
        User.objects.update_or_create(
            username=username,
            defaults={"password": password_hash, "is_staff": False, "is_service": True},
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_is_service")]
    operations = [migrations.RunPython(create_service_users, migrations.RunPython.noop)]
