import factory
from django.contrib.auth import get_user_model

from tests.second_factor import give_authenticator_app

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    preferred_language = "ar"
    password = factory.django.Password(PASSWORD)


class StaffFactory(UserFactory):
    """A staff member with an authenticator app already set up, as the portal requires
    (`StaffFactory(second_factor=False)` for one who has not enrolled yet). The secret
    is on `.totp_secret`; `tests.second_factor.totp_code(user)` gives the current code."""

    is_staff = True

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        # Staff accounts are made by an administrator: their address counts as verified.
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def second_factor(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            obj.totp_secret = give_authenticator_app(obj)
