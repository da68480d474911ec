"""Exact linear algebra over the rationals, as an attacker would use it on published figures."""

from __future__ import annotations

from fractions import Fraction


class Span:
    """The linear span of some vectors (key -> coefficient), kept in echelon form: each
    basis vector's first key (in ``order``) is its pivot, which no later vector holds."""

    def __init__(self, vectors, order) -> None:
        self.order, self.pivots = order, {}
        for vector in vectors:
            self.add(vector)

    def reduce(self, vector) -> dict:
        row = {key: Fraction(value) for key, value in vector.items() if value}
        while True:
            held = [key for key in row if key in self.pivots]
            if not held:
                return row
            key = min(held, key=self.order)
            factor = row[key]
            for other, value in self.pivots[key].items():
                row[other] = row.get(other, Fraction(0)) - factor * value
                if not row[other]:
                    del row[other]

    def add(self, vector) -> None:
        row = self.reduce(vector)
        if row:
            pivot = min(row, key=self.order)
            self.pivots[pivot] = {key: value / row[pivot] for key, value in row.items()}

    def __contains__(self, vector) -> bool:
        return not self.reduce(vector)
