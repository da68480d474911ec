"""Hostile input for every form and htmx endpoint (Hypothesis): never a 500, never a change
saved from a refused form, markup always escaped where it is shown back."""
