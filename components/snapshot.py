"""`python -m components.snapshot --view LINK --out FILE`: the export command, documented name (briefing/cli.py)."""

import sys

from briefing.cli import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m components.snapshot"))
