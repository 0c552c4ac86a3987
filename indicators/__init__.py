"""Domain package: indicator tables, catalogue, gazetteer, queries and extraction (no UI imports)."""
