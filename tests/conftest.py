from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator

import pytest

# Tests never touch the user's cache of validated trusts.
os.environ["GOVRULES_CACHE_DIR"] = tempfile.mkdtemp(prefix="govrules-test-cache-")

import govrules


@pytest.fixture(scope="session")
def suffolk() -> govrules.Trust:
    return govrules.load("suffolk")


@pytest.fixture
def busy_switching() -> Iterator[None]:
    """Switch threads as often as the interpreter can, to give races every chance to happen."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)
