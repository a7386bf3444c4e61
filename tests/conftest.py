from __future__ import annotations

import os
import tempfile

import pytest

# Tests never touch the user's cache of validated trusts.
os.environ["GOVRULES_CACHE_DIR"] = tempfile.mkdtemp(prefix="govrules-test-cache-")

import govrules


@pytest.fixture(scope="session")
def suffolk() -> govrules.Trust:
    return govrules.load("suffolk")
