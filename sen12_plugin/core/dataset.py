"""Which dataset a scene belongs to: the one place that builds or reads a dataset folder name.

A SEN1-2 dataset folder is ``ROIs{seed}_{season}`` for the paper's seeded ROIs and
``{name}_{season}`` for ROIs without a seed (hand-drawn, default name ``custom``). Everything
else carries a :class:`DatasetRef` and asks it for ``folder``; a folder name read back (an index
row, a scene folder, a layer property) goes through :meth:`DatasetRef.parse`. The mapping is
one-to-one: a season never holds ``_`` and a seedless name never looks like ``ROIs{digits}``, so
``parse(ref.folder) == ref`` for every ref this module accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import recipe
from .errors import InputError
from .i18n import _
from .names import check_name, check_seed

SEEDED_PREFIX = "ROIs"  # recipe.DATASET_PATTERN's fixed part
_SEEDED_NAME = re.compile(rf"{SEEDED_PREFIX}(\d+)")
SENSOR_MARKS = ("s1_", "s2_")


@dataclass(frozen=True)
class DatasetRef:
    """A dataset: its season and either the seed of its ROIs or its name; ``year`` is carried, not named.

    Build one with :meth:`make` (checks and defaults) or :meth:`parse` (a folder name).
    """

    season: str
    seed: int | None = None
    name: str | None = None  # ROIs without a seed only; None for seeded datasets
    year: int | None = field(default=None, compare=False)  # the year its dates belong to, when known

    def __post_init__(self) -> None:
        check_name(self.season, "Season")
        if "_" in self.season:
            raise InputError(_("Season {season!r}: use no '_' in a season name (it separates the season from "
                               "the dataset name in folder names).").format(season=self.season))
        if self.seed is not None:
            check_seed(self.seed)
            if self.name is not None:
                raise InputError(_("Dataset {name!r} with seed {seed}: a seeded dataset is named by its seed "
                                   "({SEEDED_PREFIX}{seed}), give one or the other.").format(
                                     name=self.name, seed=self.seed, SEEDED_PREFIX=SEEDED_PREFIX))
            return
        label = check_name(self.name, _("Dataset name"))
        if any(mark in label for mark in SENSOR_MARKS):
            raise InputError(_("Dataset name {label!r}: do not use 's1_' or 's2_' (they mark the sensors).").format(
                                 label=label))
        if _SEEDED_NAME.fullmatch(label):
            raise InputError(_("Dataset name {label!r} is how seeded ROIs are named: give the seed ({value}) "
                               "instead, or another name.").format(
                                 label=label, value=label[len(SEEDED_PREFIX):]))

    @classmethod
    def make(cls, season: str, seed: int | None = None, name: str | None = None,
             year: int | None = None) -> DatasetRef:
        """The dataset of ``season`` and ``seed``; without a seed, of ``name`` (default ``custom``).

        The name is for ROIs without a seed (as the faces label it): with a seed it does not apply.
        """
        if seed is not None:
            return cls(season, check_seed(seed), None, year)
        return cls(season, None, name or recipe.CUSTOM_DATASET_NAME, year)

    @classmethod
    def parse(cls, folder: str) -> DatasetRef:
        """The dataset a folder name stands for (``ROIs1158_spring``, ``alps_summer``).

        Raises:
            InputError: the name is not a dataset folder name.
        """
        text = folder if isinstance(folder, str) else ""
        label, sep, season = text.rpartition("_")
        if not sep or not label or not season:
            raise InputError(_("{folder!r} is not a dataset folder name ({SEEDED_PREFIX}{{seed}}_{{season}} or "
                               "{{name}}_{{season}}).").format(folder=folder, SEEDED_PREFIX=SEEDED_PREFIX))
        seeded = _SEEDED_NAME.fullmatch(label)
        if seeded:
            return cls(season, int(seeded.group(1)))
        return cls(season, None, label)

    @classmethod
    def try_parse(cls, folder: str) -> DatasetRef | None:
        """:meth:`parse`, or None for a name that is not a dataset folder."""
        try:
            return cls.parse(folder)
        except InputError:
            return None

    @property
    def folder(self) -> str:
        """The dataset folder's name (also its patch files' prefix and its index key)."""
        if self.seed is not None:
            return recipe.DATASET_PATTERN.format(seed=self.seed, season=self.season)
        return f"{self.name}_{self.season}"

    @property
    def group(self) -> str:
        """The dataset without its season (``ROIs1158``, ``alps``): the same ROIs in every season."""
        return group_name(self.seed, self.name)

    def with_season(self, season: str) -> DatasetRef:
        return DatasetRef(season, self.seed, self.name, self.year)

    def __str__(self) -> str:
        return self.folder


def group_name(seed: int | None, name: str | None = None) -> str:
    """``ROIs{seed}`` for a seed, else the name (default ``custom``): a dataset without its season."""
    return f"{SEEDED_PREFIX}{seed}" if seed is not None else (name or recipe.CUSTOM_DATASET_NAME)
