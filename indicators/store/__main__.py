"""`python -m indicators.store`: the store's command line (indicators/store/published.py)."""

from indicators.store.published import main

if __name__ == "__main__":
    raise SystemExit(main())
