"""House rules that keep the layers apart: no UI in the domain, one cache module, documented data and pages."""

import ast
import re
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
# The domain, the map layers and the view content (figures, exports, deck) never import Streamlit.
PURE_PACKAGES = ["indicators", "geo", "briefing"]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def python_files(*relative: str) -> list[Path]:
    files = []
    for item in relative:
        path = ROOT / item
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else [])
    return [f for f in files if "build" not in f.relative_to(ROOT).parts[:2]]


def test_domain_packages_and_view_content_never_import_streamlit():
    files = python_files(*PURE_PACKAGES)
    assert len(files) >= 30
    offenders = [str(f.relative_to(ROOT)) for f in files if "streamlit" in imported_modules(f)]
    assert offenders == []


def test_cache_decorators_live_only_in_components_cached():
    pattern = re.compile(r"st\.cache_(data|resource)")
    files = python_files("app.py", "app_pages", "components", "indicators", "geo", "briefing")
    offenders = [
        str(f.relative_to(ROOT)) for f in files
        if pattern.search(f.read_text(encoding="utf-8")) and f.name != "cached.py"
    ]
    assert offenders == []


def test_every_data_table_and_column_is_described_in_data_readme():
    """The real data (data/), on purpose."""
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    tables = sorted((ROOT / "data").glob("*.csv"))
    assert {t.name for t in tables} >= {"sources.csv", "observations.csv", "models.csv", "indicators.csv"}
    missing = []
    for table in tables:
        section = readme.split(f"## {table.name}", 1)
        if len(section) < 2:
            missing.append(table.name)
            continue
        body = section[1].split("\n## ", 1)[0]
        columns = pd.read_csv(table, nrows=0).columns
        missing += [f"{table.name}:{c}" for c in columns if not re.search(rf"^\|\s*`?{c}`?\s*\|", body, re.M)]
    assert missing == []


def test_every_page_module_is_listed_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pages = sorted(p.name for p in (ROOT / "app_pages").glob("*.py") if p.name != "__init__.py")
    assert pages, "no pages found"
    assert [p for p in pages if f"app_pages/{p}" not in readme] == []


def test_no_legacy_pages_folder_beside_app():
    assert not (ROOT / "pages").exists()


def test_requirements_are_all_pinned():
    lines = [
        line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith(("#", "-"))
    ]
    assert lines and [line for line in lines if "==" not in line] == []
