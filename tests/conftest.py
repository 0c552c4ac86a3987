"""Shared fixtures: the real gazetteer and the curated dataset, loaded once per test session."""

import pytest

from indicators.gazetteer import load_gazetteer
from indicators.tables import load_dataset


@pytest.fixture(scope="session")
def gazetteer():
    return load_gazetteer()


@pytest.fixture(scope="session")
def dataset():
    return load_dataset()
