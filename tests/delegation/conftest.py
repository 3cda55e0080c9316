"""The delegation tests use the same database and people as the application tests."""

from tests.applications.conftest import citizen, engine, other_citizen, sign_in, staff  # noqa: F401
