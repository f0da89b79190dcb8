"""The fixed keys of the development and test settings, in one place.

They are in the repository, so they protect nothing: production refuses to start with
any of them (diplomacy/settings/production.py).
"""

DEVELOPMENT_SECRET_KEY = "dev-only-secret-key-never-used-in-production"
TEST_SECRET_KEY = "test-secret-key-not-secret"
DEVELOPMENT_FIELD_ENCRYPTION_KEY = "-zCCnuEl-YPeF8mMCnCrI0v9F6i6ntY8CTUn6OarpZk="
TEST_FIELD_ENCRYPTION_KEY = "GnTmwA1bG4ZP3RO9raOoehgdeWvTPmB1hLkth-4dZ7Y="

PUBLIC_SECRET_KEYS = {DEVELOPMENT_SECRET_KEY, TEST_SECRET_KEY}
PUBLIC_FIELD_ENCRYPTION_KEYS = {DEVELOPMENT_FIELD_ENCRYPTION_KEY, TEST_FIELD_ENCRYPTION_KEY}
