"""Every package pinned in requirements.txt is used: imported by the code, or named below with what loads it."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = ["app.py", "app_pages", "briefing", "components", "indicators", "geo", "tests", "bench"]
# Distribution name → the module it is imported as, where the two differ.
MODULE_OF = {"vietnam-provinces": "vietnam_provinces", "python-pptx": "pptx", "argon2-cffi": "argon2",
             "python-docx": "docx", "beautifulsoup4": "bs4", "psycopg[binary]": "psycopg"}
# Packages nothing imports by name, and what uses them.
LOADED_BY_OTHERS = {
    "pyogrio": "geopandas' file reader (gpd.read_file in geo/sources.py)",
    "psycopg": "SQLAlchemy's postgresql+psycopg driver (indicators/store/database.py)",
    "tzdata": "zoneinfo's time zones where the system has none (components/provenance.py)",
    "ruff": "make lint (a command, not a module)",
    "vulture": "make lint (a command, not a module)",
}


def pinned_modules() -> list[str]:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    names = [line.split("==", 1)[0].strip() for line in lines if line.strip() and not line.startswith("#")]
    return [MODULE_OF.get(name, name.replace("-", "_")).lower() for name in names]


def imported_top_level_modules() -> set[str]:
    modules = set()
    for item in CODE:
        path = ROOT / item
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules.update(alias.name.split(".")[0].lower() for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    modules.add(node.module.split(".")[0].lower())
    return modules


def test_every_pinned_package_is_imported_or_says_what_loads_it():
    pinned = pinned_modules()
    assert {"streamlit", "plotly", "folium", "pandera"} <= set(pinned)
    unused = [name for name in pinned if name not in imported_top_level_modules() and name not in LOADED_BY_OTHERS]
    assert unused == []


def test_the_indirect_list_names_only_pinned_packages_that_nothing_imports():
    stale = [name for name in LOADED_BY_OTHERS
             if name not in pinned_modules() or name in imported_top_level_modules()]
    assert stale == []
