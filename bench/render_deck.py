"""Render a deck's slides to PNG with LibreOffice (soffice → PDF → pdftoppm) to look at them; skips without soffice.

    .venv/bin/python bench/render_deck.py [deck.pptx [out_dir]]

Without a deck it builds the decks of `/` and `/province?province=11` into tests/artifacts/ and renders those.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts" / "decks"
DEFAULT_VIEWS = {"overview": "/", "province_11": "/province?province=11"}


def render_deck(deck: Path, out_dir: Path, dpi: int = 60) -> list[Path]:
    """One PNG per slide in out_dir (slide-1.png, …), through a PDF made by headless LibreOffice."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), str(deck)], check=True, capture_output=True, timeout=180)
    pdf = out_dir / f"{deck.stem}.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(out_dir / "slide")], check=True, timeout=120)
    return sorted(out_dir.glob("slide-*.png"))


def build_default_decks() -> list[Path]:
    """The decks of the default views, built by the deck CLI into tests/artifacts/decks/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    decks = []
    for name, view in DEFAULT_VIEWS.items():
        out = ARTIFACTS / f"{name}.pptx"
        subprocess.run([sys.executable, "-m", "components.deck", "--view", view, "--out", str(out)], cwd=ROOT,
                       check=True, capture_output=True, timeout=120)
        decks.append(out)
    return decks


def main() -> int:
    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        print("skipped: LibreOffice (soffice) or poppler-utils (pdftoppm) is not installed; "
              "apt-get install -y libreoffice-impress poppler-utils")
        return 0
    decks = [Path(sys.argv[1])] if len(sys.argv) > 1 else build_default_decks()
    for deck in decks:
        out_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else deck.with_suffix("")
        for slide in render_deck(deck, out_dir):
            print(slide)
    return 0


if __name__ == "__main__":
    sys.exit(main())
