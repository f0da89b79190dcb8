"""Texts of Django and its apps that their own Arabic catalogues lack.

Django's and django-countries' Arabic catalogues trail their English texts (new texts of
Django 5.x forms, the user admin's password section, countries' current names), so
those texts showed in English on Arabic pages. Listing them here puts them in the
portal's catalogue (`makemessages` extracts them), whose translations Django prefers to
the apps' own (LOCALE_PATHS comes first). tests/ui/test_words_not_codes.py fails when a
new Django or app version adds a text the Arabic catalogues lack.
"""

from django.utils.translation import gettext_noop, ngettext

DJANGO_TEXTS = [
    # django.contrib.auth
    gettext_noop("Conflicting form data submitted. Please try again."),
    gettext_noop("Password-based authentication was disabled."),
    gettext_noop("Set password: %s"),
    gettext_noop("Reset password"),
    gettext_noop("Set password"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If "
        "disabled, they may still be able to authenticate using other backends, such as "
        "Single Sign-On or LDAP."
    ),
    gettext_noop("Password-based authentication"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Enable password-based authentication for this user by setting a password."),
    gettext_noop(
        "Enter a valid username. This value may contain only unaccented lowercase a-z and "
        "uppercase A-Z letters, numbers, and @/./+/-/_ characters."
    ),
    # The password hash summary: Django's Arabic catalogue keeps these two in English.
    gettext_noop("salt"),
    gettext_noop("hash"),
    # django.conf
    gettext_noop("Central Kurdish (Sorani)"),
    gettext_noop("Malay"),
    gettext_noop("Uyghur"),
    gettext_noop("Enter a valid domain name."),
    gettext_noop("Enter a valid %(protocol)s address."),
    gettext_noop("IPv4"),
    gettext_noop("IPv6"),
    gettext_noop("IPv4 or IPv6"),
    gettext_noop("Ensure this value is a multiple of step size %(limit_value)s."),
    gettext_noop(
        "Ensure this value is a multiple of step size %(limit_value)s, starting from "
        "%(offset)s, e.g. %(offset)s, %(valid_value1)s, %(valid_value2)s, and so on."
    ),
    gettext_noop("Constraint “%(name)s” is violated."),
    gettext_noop("String (unlimited)"),
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    # allauth: its Arabic catalogue calls the two-factor app "وزارة الخارجية" (the
    # ministry of foreign affairs: MFA).
    gettext_noop("MFA"),
    # django_countries
    gettext_noop("Democratic Republic of the Congo"),
    gettext_noop("Micronesia"),
    gettext_noop("South Georgia"),
    gettext_noop("Palestine"),
    gettext_noop("Saint Helena"),
    gettext_noop("Vatican City"),
    gettext_noop("Turkey"),
    gettext_noop("Bahamas (The)"),
    gettext_noop("Naoero"),
    gettext_noop("Netherlands (Kingdom of the)"),
]


def _plural_texts() -> None:  # never called: only read by makemessages
    ngettext("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", 0)
    ngettext("Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", 0)
