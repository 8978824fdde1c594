"""Sentinel-1 with Sentinel-2: pairs proposed by footprint overlap and acquisition date.

Scenes the plugin downloaded pair by their scene JSON (same folder, same ROI); others pair with
the overlapping scene of the other sensor closest in date, each scene used once. The pair's
season comes from the JSON, else from the S2 date (else the S1 date) through the recipe's table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..i18n import _, ngettext
from .dates import season_for_date
from .recognise import Scene

UNKNOWN_DAYS = 10**6  # a pair without both dates ranks after every dated pair


@dataclass(frozen=True)
class ProposedPair:
    s1: Scene
    s2: Scene
    season: str | None  # None: no date known, the analyst chooses
    seed: int | None
    scene: int
    overlap: float  # share of the smaller footprint both cover, 0..1
    days_apart: int | None

    @property
    def note(self) -> str:
        days = (_("dates unknown") if self.days_apart is None
                else ngettext("{n} day apart", "{n} days apart", self.days_apart).format(n=self.days_apart))
        return _("{overlap:.0f} % overlap, {days}").format(overlap=100 * self.overlap, days=days)


def overlap(a: tuple[float, ...] | None, b: tuple[float, ...] | None) -> float:
    """Share of the smaller of two lon/lat boxes that lies inside the other (0 when disjoint)."""
    if a is None or b is None:
        return 0.0
    w, s, e, n = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    if e <= w or n <= s:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return min(1.0, (e - w) * (n - s) / smaller) if smaller > 0 else 0.0


def pair_season(s1: Scene, s2: Scene) -> str | None:
    for scene in (s2, s1):
        if scene.season:
            return scene.season
    for scene in (s2, s1):
        if scene.acquired:
            season = season_for_date(scene.acquired)
            if season:
                return season.name
    return None


def _same_download(a: Scene, b: Scene) -> bool:
    return (a.scene is not None and a.scene == b.scene
            and Path(a.source).parent == Path(b.source).parent)


def pair_scenes(scenes: list[Scene]) -> tuple[list[ProposedPair], list[tuple[Scene, str]]]:
    """Proposed pairs, and every other scene with the reason it is left out."""
    s1s = [s for s in scenes if s.role == "s1"]
    s2s = [s for s in scenes if s.role == "s2"]
    candidates = []
    for i, a in enumerate(s1s):
        for j, b in enumerate(s2s):
            share = overlap(a.bounds, b.bounds)
            if share <= 0:
                continue
            days = abs((a.acquired - b.acquired).days) if a.acquired and b.acquired else None
            not_vv = int(bool(a.polarisations) and "VV" not in a.polarisations)  # SEN1-2 pairs VV
            rank = (0 if _same_download(a, b) else 1, not_vv, UNKNOWN_DAYS if days is None else days, -share)
            candidates.append((rank, i, j, share, days))
    used1, used2, chosen = set(), set(), []
    for _rank, i, j, share, days in sorted(candidates, key=lambda c: c[0]):
        if i in used1 or j in used2:
            continue
        used1.add(i)
        used2.add(j)
        chosen.append((i, j, share, days))
    taken = {s.scene for i, j, _unused, _unused in chosen for s in (s1s[i], s2s[j]) if s.scene is not None}
    free = (n for n in range(10**9) if n not in taken)
    pairs = []
    for i, j, share, days in sorted(chosen, key=lambda c: (s2s[c[1]].label, s1s[c[0]].label)):
        a, b = s1s[i], s2s[j]
        scene = next((s.scene for s in (b, a) if s.scene is not None), None)
        pairs.append(ProposedPair(a, b, pair_season(a, b), b.seed if b.seed is not None else a.seed,
                                  next(free) if scene is None else scene, share, days))
    left = [(s, s.reason) for s in scenes if s.role is None]
    for role, group, used, other in (("s1", s1s, used1, s2s), ("s2", s2s, used2, s1s)):
        for k, scene in enumerate(group):
            if k in used:
                continue
            partner = "Sentinel-2" if role == "s1" else "Sentinel-1"
            if scene.polarisations and "VV" not in scene.polarisations:
                left.append((scene, _("{value} only: SEN1-2 pairs VV").format(
                                        value='/'.join(p for p in scene.polarisations if p))))
            elif any(overlap(scene.bounds, o.bounds) > 0 for o in other):
                left.append((scene, _("every overlapping {partner} scene pairs with one closer in date").format(
                                        partner=partner)))
            else:
                left.append((scene, _("no {partner} scene overlaps it").format(partner=partner)))
    return pairs, left
