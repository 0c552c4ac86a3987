"""What the figures mean: code lists, catalogue, places, periods, comparability, ranking."""
