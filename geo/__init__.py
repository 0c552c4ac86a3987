"""Boundary layers for the dashboard's maps: built by `python -m geo.build`, read through `geo.layers`."""
