"""Shared fixtures for the Python half of the e2e suite.

Everything comes from the environment set up by e2e/run.sh:
AUTHGATE_URL, AUTHGATE_USER_POOL_ID, AUTHGATE_ACCESS_KEY_ID,
AUTHGATE_ACCESS_KEY_SECRET, AUTHGATE_APP_ID, AUTHGATE_APP_SECRET.
"""
import os
import random
import secrets
import string

import pytest

from authing import ManagementClient

from helpers import Sinks, ok

_ENV_KEYS = {
    "url": "AUTHGATE_URL",
    "user_pool_id": "AUTHGATE_USER_POOL_ID",
    "access_key_id": "AUTHGATE_ACCESS_KEY_ID",
    "access_key_secret": "AUTHGATE_ACCESS_KEY_SECRET",
    "app_id": "AUTHGATE_APP_ID",
    "app_secret": "AUTHGATE_APP_SECRET",
}


class Env:
    def __init__(self, values):
        self.__dict__.update(values)


@pytest.fixture(scope="session")
def env():
    missing = [v for v in _ENV_KEYS.values() if not os.environ.get(v)]
    if missing:
        pytest.fail(
            "missing environment %s — run the suite through e2e/run.sh" % ", ".join(missing),
            pytrace=False,
        )
    values = {k: os.environ[v] for k, v in _ENV_KEYS.items()}
    values["url"] = values["url"].rstrip("/")  # Python SDK uses host verbatim
    return Env(values)


@pytest.fixture(scope="session")
def mgmt(env):
    """The official Python ManagementClient (Bearer management token)."""
    return ManagementClient(
        access_key_id=env.access_key_id,
        access_key_secret=env.access_key_secret,
        host=env.url,
    )


class Ids:
    """Unique identifiers so tests never collide (also on a reused PostgreSQL DB)."""

    def tag(self):
        return "py" + secrets.token_hex(5)

    def username(self, tag=None):
        return "u_%s" % (tag or self.tag())

    def email(self, tag=None):
        return "%s@example.com" % (tag or self.tag())

    def phone(self):
        # A plausible mainland-China mobile number (the SDK tests use the same shape).
        # Never ending in 0000: the e2e SMS webhook answers 500 for those (support/sinks.py).
        while True:
            p = random.choice(["139", "138", "137", "186", "188", "150"]) + "".join(
                random.choice(string.digits) for _ in range(8)
            )
            if not p.endswith("0000"):
                return p

    def external_id(self):
        return "ext-" + secrets.token_hex(6)


@pytest.fixture(scope="session")
def ids():
    return Ids()


@pytest.fixture
def make_user(mgmt):
    """Factory: create a user through the SDK; every created user is deleted at teardown."""
    created = []

    def _make(**fields):
        data = ok(mgmt.create_user(**fields))
        assert data and data.get("userId"), data
        created.append(data["userId"])
        return data

    yield _make
    if created:
        mgmt.delete_users_batch(user_ids=created)  # best effort; already-deleted ids are fine


@pytest.fixture(scope="session")
def sinks():
    """The SMTP / SMS-webhook sinks run.sh started (paths of their JSONL logs)."""
    paths = [os.environ.get("E2E_MAIL_LOG"), os.environ.get("E2E_SMS_LOG")]
    if not all(paths) or not all(os.path.exists(p) for p in paths):
        pytest.fail("E2E_MAIL_LOG / E2E_SMS_LOG missing — run the suite through e2e/run.sh",
                    pytrace=False)
    return Sinks(*paths)
