"""`python -m indicators.store`: the store's command line (indicators/store/published/published.py)."""

from indicators.store.published.published import main

if __name__ == "__main__":
    main()
