"""`python -m components.deck --view LINK --out FILE.pptx`: the deck command, documented name (briefing/cli.py)."""

import sys

from briefing.cli import DECK_ONLY, main

if __name__ == "__main__":
    sys.exit(main(prog="python -m components.deck", allowed=DECK_ONLY))
