"""One typed settings structure, so no other module spells a settings key.

Two homes, by what a choice belongs to:

- the user's QGIS profile (QgsSettings): the Earth Engine project id and the path of a
  service-account key file, the user's own, the same in every QGIS project (never a token);
- the QGIS project (its properties, saved in the .qgz): the working folder and every choice of
  the dock (seasons, sensors, patch size, ...), so a project reopened days later is the same job
  and a new project starts from the recipe, not from another project's folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from qgis.core import QgsProject, QgsSettings

from .core import recipe
from .core.earthengine.retry import DEFAULT_DEADLINE_S
from .core.earthengine.transport import DEFAULT_CONCURRENCY

PREFIX = "sen12_plugin/"  # QgsSettings group
PROJECT_SCOPE = "sen12_plugin"  # QgsProject entry scope

PROFILE = {"home": "profile"}
PROJECT = {"home": "project"}


@dataclass
class Sen12Settings:
    ee_project: str = field(default="", metadata=PROFILE)
    ee_service_account_key: str = field(default="", metadata=PROFILE)
    # Where the parallel requests start (they back off on quota refusals and grow back): Earth
    # Engine's default of 40 per project, 20 for legacy projects; and the longest wait for one
    # answer, below the service's own 5 minutes.
    ee_concurrency: int = field(default=DEFAULT_CONCURRENCY, metadata=PROFILE)
    ee_deadline_s: float = field(default=DEFAULT_DEADLINE_S, metadata=PROFILE)
    ee_tier: str = field(default="Community", metadata=PROFILE)  # the Cloud project's noncommercial quota tier
    ee_budget_eecu_hours: float = field(default=0.0, metadata=PROFILE)  # a download's compute budget; 0: none
    folder: str = field(default="", metadata=PROJECT)  # the project's working folder
    # 1. ROIs
    seeds: str = field(default=",".join(str(s) for s in recipe.PAPER_SEEDS), metadata=PROJECT)
    land_count: int = field(default=recipe.LAND_COUNT, metadata=PROJECT)
    urban_count: int = field(default=recipe.URBAN_COUNT, metadata=PROJECT)
    roi_size_km: float = field(default=recipe.ROI_SIZE_KM, metadata=PROJECT)
    # 2. Season and sensors
    year: int = field(default=recipe.PAPER_YEAR, metadata=PROJECT)
    seasons: str = field(default=",".join(recipe.SEASON_NAMES), metadata=PROJECT)
    custom_dates: bool = field(default=False, metadata=PROJECT)
    custom_start: str = field(default="", metadata=PROJECT)  # yyyy-mm-dd, empty: the year's default
    custom_end: str = field(default="", metadata=PROJECT)
    dual_pol: bool = field(default=False, metadata=PROJECT)
    all_s2_bands: bool = field(default=False, metadata=PROJECT)
    s2_level: str = field(default="L1C", metadata=PROJECT)
    max_cloud: float = field(default=recipe.S2_MAX_CLOUD_PERCENT, metadata=PROJECT)
    orbit: str = field(default="both", metadata=PROJECT)
    # 5. Extract
    dataset_name: str = field(default=recipe.CUSTOM_DATASET_NAME, metadata=PROJECT)
    formats: str = field(default="png", metadata=PROJECT)
    patch_size: int = field(default=recipe.PATCH_SIZE, metadata=PROJECT)
    stride: int = field(default=recipe.PATCH_STRIDE, metadata=PROJECT)
    # 6. Review and publish
    review_queue: str = field(default="flagged", metadata=PROJECT)
    split_by: str = field(default="scene", metadata=PROJECT)
    apply_checks_rejects: bool = field(default=False, metadata=PROJECT)  # publish without asking about them

    @classmethod
    def load(cls, project: QgsProject | None = None) -> Sen12Settings:
        """The profile's values, and the project's (``project`` None: the current project)."""
        return cls._read(project or QgsProject.instance())

    @classmethod
    def load_profile(cls) -> Sen12Settings:
        """The profile's values only (Processing, in its own thread, needs no project choice)."""
        return cls._read(None)

    @classmethod
    def _read(cls, project: QgsProject | None) -> Sen12Settings:
        profile = QgsSettings()
        values = {}
        for f in fields(cls):
            if f.metadata["home"] == "profile":
                raw = profile.value(PREFIX + f.name, f.default)
            elif project is None:
                raw = f.default
            else:
                raw, found = project.readEntry(PROJECT_SCOPE, f.name, "")
                raw = raw if found and raw != "" else f.default
            values[f.name] = _typed(raw, f.default)
        return cls(**values)

    def save(self, project: QgsProject | None = None) -> None:
        """Write what changed: the profile's keys, and the project's entries (a change marks the
        project modified, as any other change the user would want to save)."""
        project = project or QgsProject.instance()
        profile = QgsSettings()
        for f in fields(self):
            value = getattr(self, f.name)
            if f.metadata["home"] == "profile":
                profile.setValue(PREFIX + f.name, value)
            elif project.readEntry(PROJECT_SCOPE, f.name, "")[0] != _text(value):
                project.writeEntry(PROJECT_SCOPE, f.name, _text(value))


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _typed(raw, default):
    if isinstance(default, bool):
        return raw in (True, "true", "True", 1, "1")
    try:
        return type(default)(raw)
    except (TypeError, ValueError):
        return default
