"""How the dock words a run's outcome: details grouped, so one cause reads as one line."""

from __future__ import annotations

from collections.abc import Iterable


def grouped(items: Iterable[tuple[str, str]]) -> list[str]:
    """(who, why) pairs as lines, one per distinct ``why`` with everyone it concerns: six scenes
    with the same error read as one line naming the six, not as six lines."""
    whos: dict[str, list[str]] = {}
    for who, why in items:
        whos.setdefault(why, []).append(who)
    return [f"{why} ({', '.join(w for w in names if w)})" if any(names) else why for why, names in whos.items()]
