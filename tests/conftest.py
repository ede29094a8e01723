import pytest

from samverkan.services import load_structure


@pytest.fixture
def boras(db):
    """Borås Stad's structure, loaded from the shipped file as `make run` does."""
    return load_structure()
