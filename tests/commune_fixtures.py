"""A few commune figures for tests, published beside the frozen dataset in a copy (data/ and the frozen dataset
hold no invented figures)."""

import shutil
from pathlib import Path

import pandas as pd

from tests.frozen_data import FROZEN_DATA_DIR

# Five HCMC communes with a whole-commune count of models built in 2025 (KL 01), and one organisation's figure.
HCMC = "79"
COMMUNE_VALUES = {"25942": 12, "26812": 30, "27316": 45, "27418": 7, "27592": 20}
ORGANISATION_COMMUNE = "27568"  # a figure of one organisation of the commune: another scope, never on the scale
SOURCE_ID = "20_quang-tri-moi-dong-ha-khu-pho-8-2025"  # any published source: the rows only need a valid one


def commune_rows() -> pd.DataFrame:
    """The test figures as rows of observations.csv."""
    rows = [{"commune_code": code, "value": value, "organisation": "", "org_type": ""}
            for code, value in COMMUNE_VALUES.items()]
    rows.append({"commune_code": ORGANISATION_COMMUNE, "value": 9, "organisation": "Đoàn Thanh niên phường",
                 "org_type": "youth_union"})
    return pd.DataFrame([{
        "obs_id": f"test_commune_{i:03d}", "source_id": SOURCE_ID, "admin_version": "vn34", "province_code": HCMC,
        "district_code": "", "commune_code": row["commune_code"], "place_name": f"xã {row['commune_code']}",
        "organisation": row["organisation"], "org_type": row["org_type"], "indicator": "models_built",
        "subtype": "models_total", "value": row["value"], "denominator": "", "unit": "count", "qualifier": "exact",
        "period_start": "2025-07-01", "period_end": "2025-12-31", "period_basis": "stated",
        "period_note": "test figure", "phase": "kl01", "award_type": "", "awarding_body": "", "award_level": "",
        "part_of": "", "evidence": f"{row['value']} mô hình",
    } for i, row in enumerate(rows, start=1)])


def data_with_commune_figures(folder: Path) -> Path:
    """A copy of the frozen dataset whose observations.csv ends with the test's commune figures; the folder."""
    shutil.copytree(FROZEN_DATA_DIR, folder, dirs_exist_ok=True)
    observations = pd.read_csv(folder / "observations.csv", dtype=str, keep_default_na=False)
    extra = commune_rows().astype(str).replace({"nan": ""})
    pd.concat([observations, extra], ignore_index=True).to_csv(folder / "observations.csv", index=False)
    return folder
