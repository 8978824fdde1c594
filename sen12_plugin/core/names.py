"""Names that become folder names, file names or index keys: one safe pattern, checked at the door.

A safe name starts with a letter or digit and holds only letters, digits, '.', '_' and '-', at
most 64 characters: no path separators, no '..' as a component, no quotes, so it can never leave
the output folder or change an index query.
"""

from __future__ import annotations

import re

from .errors import InputError
from .i18n import _

SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
SEED_RANGE = (0, 2**32 - 1)  # numpy's RandomState accepts exactly these seeds
SCENE_RANGE = (0, 2**31 - 1)  # a scene number is a 32-bit integer field in the patch index


def check_name(value: object, what: str) -> str:
    """``value`` if it is a safe name, else InputError saying what to use instead."""
    text = value if isinstance(value, str) else ""
    if not SAFE_NAME.fullmatch(text):
        raise InputError(
            _("{what} {value!r} cannot be used: use 1 to 64 letters, digits, '.', '_' or '-', starting with a "
              "letter or digit.").format(what=what, value=value)
        )
    return text


def check_seed(value: object, what: str | None = None) -> int:
    """A whole number in 0..2^32-1 (strings of digits accepted), else InputError."""
    what = what or _("Seed")  # translated when called: the language is chosen after import
    number = whole_number(value, what)
    lo, hi = SEED_RANGE
    if not lo <= number <= hi:
        raise InputError(_("{what} {number} is out of range: use a whole number from {lo} to {hi}.").format(
                             what=what, number=number, lo=lo, hi=hi))
    return number


def check_scene_number(value: object, what: str | None = None) -> int:
    """A whole number in 0..2^31-1, else InputError (a larger one would wrap around in the index)."""
    what = what or _("Scene number")
    number = whole_number(value, what)
    lo, hi = SCENE_RANGE
    if not lo <= number <= hi:
        raise InputError(_("{what} {number} is out of range: use a whole number from {lo} to {hi:,}.").format(
                             what=what, number=number, lo=lo, hi=hi))
    return number


def parse_seeds(text: str) -> list[int]:
    """Seeds typed as ``1158,1868`` (commas or semicolons), each checked by ``check_seed``."""
    try:
        seeds = [int(s) for s in text.replace(";", ",").split(",") if s.strip()]
    except ValueError:
        raise InputError(_("SEEDS must be whole numbers separated by commas, not {text!r}.").format(text=text)) from None
    if not seeds:
        raise InputError(_("Give at least one seed, e.g. 1158,1868,1970,2017."))
    return [check_seed(s) for s in seeds]


def whole_number(value: object, what: str) -> int:
    """An int from an int, an integral float or a string of digits, else InputError."""
    if isinstance(value, bool):
        raise InputError(_("{what} {value!r} is not a whole number.").format(what=what, value=value))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
        return int(value)
    raise InputError(_("{what} {value!r} is not a whole number.").format(what=what, value=value))
