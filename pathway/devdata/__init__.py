"""Data for development and trying Pathway out: the demo (``flask pathway demo``) and the
large generated dataset (``flask pathway generate``). Registered only outside production."""
