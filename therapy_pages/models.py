"""Therapy and condition pages arrive with the therapy explainers issue."""
