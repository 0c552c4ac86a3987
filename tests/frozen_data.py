"""The frozen fixture dataset, tests/fixtures/frozen_data/ (its README says what it is): the curated tables as they
were when it was frozen, never edited when data/ changes. The test session's store is filled from it
(tests/conftest.py), so the counts the tests pin ("4/63", "(4 tỉnh)", "113") stay put when a report is brought
into data/. Tests that check the real data on purpose read indicators.paths.DATA_DIR and say so."""

from pathlib import Path

FROZEN_DATA_DIR = Path(__file__).resolve().parent / "fixtures" / "frozen_data"
