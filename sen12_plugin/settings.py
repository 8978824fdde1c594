"""One typed settings structure over QgsSettings, so no other module spells a settings key.

Only the project id and the path of a service-account key file are stored here (never a token);
they live in the user's QGIS profile, not in project files.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from qgis.core import QgsSettings

PREFIX = "sen12_plugin/"


@dataclass
class Sen12Settings:
    ee_project: str = ""
    ee_service_account_key: str = ""
    last_folder: str = ""
    dataset_name: str = "custom"
    year: int = 2017
    dual_pol: bool = False
    all_s2_bands: bool = False
    s2_level: str = "L1C"
    max_cloud: float = 1.0
    orbit: str = "both"

    @classmethod
    def load(cls) -> Sen12Settings:
        qs = QgsSettings()
        values = {}
        for f in fields(cls):
            default = f.default
            raw = qs.value(PREFIX + f.name, default)
            if isinstance(default, bool):
                values[f.name] = raw in (True, "true", "True", 1, "1")
            else:
                try:
                    values[f.name] = type(default)(raw)
                except (TypeError, ValueError):
                    values[f.name] = default
        return cls(**values)

    def save(self) -> None:
        qs = QgsSettings()
        for f in fields(self):
            qs.setValue(PREFIX + f.name, getattr(self, f.name))
