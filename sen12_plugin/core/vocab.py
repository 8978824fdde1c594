"""Closed vocabularies: the words the index holds for a patch's check and the analyst's decision.

Every value read from the index or about to be written into it goes through here: case and
surrounding spaces are forgiven (``" Reject"`` is ``reject``), anything else is refused with a
sentence that names the row, so a typo can never count as its opposite.
"""

from __future__ import annotations

from .errors import InputError
from .i18n import _

ACCEPT, REJECT = "accept", "reject"
DECISIONS = (ACCEPT, REJECT)  # the analyst's; empty: not decided
PASS, REVIEW = "pass", "review"
STATUSES = (PASS, REVIEW, REJECT)  # the automatic patch and scene checks; empty: checks were off
UNDECIDED = ""


class VocabularyError(InputError):
    """A value outside its vocabulary."""


def _word(value: object, allowed: tuple[str, ...], what: str, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        word = value.strip().lower()
        if word == "" or word in allowed:
            return word
    raise VocabularyError(_("{where}: {what} {value!r} is not one of {value2} (or empty).").format(
                              where=where, what=what, value=value, value2=', '.join(allowed)))


def decision(value: object, where: str | None = None) -> str:
    """``accept``, ``reject`` or ``""`` (undecided), else VocabularyError naming ``where``."""
    return _word(value, DECISIONS, _("decision"), where or _("Decision"))


def status(value: object, where: str | None = None) -> str:
    """``pass``, ``review``, ``reject`` or ``""`` (not checked), else VocabularyError naming ``where``."""
    return _word(value, STATUSES, _("check status"), where or _("Check status"))


def final_status(qc_status: object, decision_value: object, where: str | None = None) -> str:
    """``accept`` or ``reject``: the analyst's decision, else the automatic one (review counts as kept)."""
    where = where or _("Index row")
    decided = decision(decision_value, where)
    if decided:
        return decided
    return REJECT if status(qc_status, where) == REJECT else ACCEPT


def needs_review(qc_status: object, decision_value: object) -> bool:
    """Nobody decided yet and the checks did not pass it; a word outside the vocabulary always needs a look."""
    try:
        return decision(decision_value) == UNDECIDED and status(qc_status) != PASS
    except VocabularyError:
        return True
