"""factory_boy factories used by the test suite and by `manage.py seed_demo`."""
import factory
from django.contrib.auth import get_user_model

DEMO_PASSWORD = "demo-password-not-secret"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"carer{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", DEMO_PASSWORD)


class ApiTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "authtoken.Token"

    user = factory.SubFactory(UserFactory)
    key = factory.Sequence(lambda n: f"test-token-{n:04d}")
