from __future__ import annotations

import pytest

import govrules


@pytest.fixture(scope="session")
def suffolk() -> govrules.Trust:
    return govrules.load("suffolk")
