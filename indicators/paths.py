"""Where the project finds its inputs: the shared boundaries, reports and seeds, and its own data tables."""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
SHARED_DIR = PROJECT_ROOT.parent / "shared"


class DataLocationError(RuntimeError):
    """A required input directory is missing; the message names the setting to change."""


def _dir_from_env(variable: str, default: Path, what: str) -> Path:
    path = Path(os.environ.get(variable) or default).expanduser()
    if not path.is_dir():
        raise DataLocationError(
            f"{what} not found at '{path}'. Set {variable} to the directory that holds them "
            f"(default: {default})."
        )
    return path


def boundaries_dir() -> Path:
    """The boundary directory (`VN_BOUNDARIES_DIR`, default `../shared/boundaries`)."""
    return _dir_from_env("VN_BOUNDARIES_DIR", SHARED_DIR / "boundaries", "Boundary data")


def reports_dir() -> Path:
    """The development report excerpts (`VN_REPORTS_DIR`, default `../shared/reports`)."""
    return _dir_from_env("VN_REPORTS_DIR", SHARED_DIR / "reports", "Report texts")


def seeds_dir() -> Path:
    """The five seed reports (`VN_SEEDS_DIR`, default `../shared/seeds`)."""
    return _dir_from_env("VN_SEEDS_DIR", SHARED_DIR / "seeds", "Seed reports")


def reference_dir() -> Path:
    """Reference tables: crosswalk and population (`VN_REFERENCE_DIR`, default `../shared/reference`)."""
    return _dir_from_env("VN_REFERENCE_DIR", SHARED_DIR / "reference", "Reference tables")


def shared_dir() -> Path:
    """The shared folder that source paths in `data/sources.csv` are relative to (`VN_SHARED_DIR`)."""
    return _dir_from_env("VN_SHARED_DIR", SHARED_DIR, "Shared reference folder")


def seed_data_dir() -> Path:
    """The curated tables a new store is filled from and duplicates.csv is read from (`VN_SEED_DATA_DIR`, default
    `data/`); the test suite points it at its frozen copy, tests/fixtures/frozen_data/."""
    return _dir_from_env("VN_SEED_DATA_DIR", DATA_DIR, "Curated data tables")
