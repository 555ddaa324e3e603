"""Turn scored claim pairs into events, the same way whatever order the claims arrived in.

Within one connected group of candidate pairs, pairs are taken by falling score (ties broken by
the claim keys) and two groups join only if *every* claim of one may be the same happening as
every claim of the other (no gate failure, no conflicting actors, no analyst cannot-link). Then analyst must-links merge
the two claims' whole groups (in the order they were made), still refusing a cannot-link. This stops chains (A~B, B~C, but A and C ten days
apart) and makes the result a function of the set of claims, not of their order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from .decisions import DecisionBook
from .features import ClaimFeatures
from .scoring import MergeConfig, PairScore, actors_conflict, gate_failure


class UnionFind:
    """Disjoint sets over string keys that also keep each set's members."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}

    def add(self, key: str) -> None:
        if key not in self._parent:
            self._parent[key] = key
            self._members[key] = [key]

    def __contains__(self, key: str) -> bool:
        return key in self._parent

    def find(self, key: str) -> str:
        parent = self._parent
        root = key
        while parent[root] != root:
            root = parent[root]
        while parent[key] != root:  # path compression
            parent[key], key = root, parent[key]
        return root

    def union(self, a: str, b: str) -> str:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if len(self._members[ra]) < len(self._members[rb]):
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._members[ra].extend(self._members.pop(rb))
        return ra

    def members(self, key: str) -> list[str]:
        return self._members[self.find(key)]

    def roots(self) -> list[str]:
        return list(self._members)


def partition(
    keys: Iterable[str],
    edges: Iterable[tuple[str, str, PairScore]],
    features: Mapping[str, ClaimFeatures] | Callable[[str], ClaimFeatures],
    decisions: DecisionBook,
    config: MergeConfig,
) -> list[list[str]]:
    """Split one connected group of claims into events; returns sorted key lists, sorted."""
    get = features.__getitem__ if isinstance(features, Mapping) else features
    keys = sorted(set(keys))
    keyset = set(keys)
    groups: dict[str, list[str]] = {k: [k] for k in keys}
    owner: dict[str, str] = {k: k for k in keys}

    def compatible(ga: list[str], gb: list[str], check_gates: bool) -> bool:
        for x in ga:
            fx = get(x)
            for y in gb:
                if decisions.cannot(x, y):
                    return False
                if check_gates:
                    fy = get(y)
                    if gate_failure(fx, fy, config) is not None or actors_conflict(fx, fy):
                        return False
        return True

    def join(a: str, b: str, check_gates: bool) -> None:
        oa, ob = owner[a], owner[b]
        if oa == ob or not compatible(groups[oa], groups[ob], check_gates):
            return
        if oa > ob:
            oa, ob = ob, oa
        for k in groups[ob]:
            owner[k] = oa
        groups[oa].extend(groups.pop(ob))

    ordered = sorted(
        ((s.score, min(a, b), max(a, b)) for a, b, s in edges if a in keyset and b in keyset),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    for _, a, b in ordered:
        join(a, b, check_gates=True)
    # "these two are the same happening" merges their whole events, whatever the gates say
    for d in decisions.must_links():
        if d.a in keyset and d.b in keyset:
            join(d.a, d.b, check_gates=False)
    return sorted(sorted(g) for g in groups.values())
