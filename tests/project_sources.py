"""The project's own Python modules, parsed once: what the tests that read the code (import cycles, one definition
of each code list, unused labels) walk over. Tests, bench scripts and vendored files are not the project's code."""

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("indicators", "briefing", "components", "geo", "app_pages")


@cache
def project_modules() -> dict[str, Path]:
    """Dotted module name → file, for app.py and every module of the project's packages."""
    modules = {"app": ROOT / "app.py"}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "vendor" in parts:
                continue
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


@cache
def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
