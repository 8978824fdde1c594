"""One S1/S2 input pair as the analyst names it -> the rasters the extractor opens, and the season.

For ``sen12:extract_patches`` and the dock alike: the roles are given, so any georeferenced raster
is taken as it is (as before); products and per-band folders become a VRT; raw radar geometry
and scenes that plainly belong to the other sensor are refused with a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..i18n import _
from .dates import season_for_date
from .products import extraction_input
from .recognise import RADAR_ADVICE, Scene, recognise

SENSOR = {"s1": "Sentinel-1", "s2": "Sentinel-2"}


@dataclass
class ResolvedPair:
    s1_path: str
    s2_path: str
    season: str | None  # from the scene JSON or an acquisition date; None when nothing says
    seed: int | None = None
    messages: list[str] = field(default_factory=list)
    season_note: str = ""  # where the season came from, or why there is none
    s1_scene: Scene | None = None  # as recognised (dates, polarisations, the scene JSON's numbers)
    s2_scene: Scene | None = None
    s2_offset_done: bool = False  # a product VRT that applied ESA's offset already


def is_product_path(value) -> bool:
    """A folder or zip: what QGIS cannot load as a layer but this module reads (SAFE, per-band)."""
    if not isinstance(value, str) or not value.strip():
        return False
    path = Path(value.strip())
    return path.is_dir() or (path.suffix.lower() == ".zip" and path.is_file())


def checked_scene(source: str, role: str) -> Scene:
    """The recognised scene for an input the analyst gave as ``role``; refuses what cannot be it."""
    scene = recognise(source)
    other = "s2" if role == "s1" else "s1"
    if scene.role == other and not scene.guessed:
        raise InputError(_("The {value} input {label} looks like {value2} ({reason}): are S1 and S2 swapped?").format(
                             value=role.upper(), label=scene.label, value2=SENSOR[other], reason=scene.reason))
    if scene.role is None and (_(RADAR_ADVICE) in scene.reason or is_product_path(source)
                               or scene.reason in (_("no such file"), _("not a raster GDAL can read"))):
        raise InputError(_("The {role} input {label}: {reason}.").format(role=role.upper(), label=scene.label, reason=scene.reason))
    if scene.role is None:  # georeferenced but without a Sentinel clue: taken as given, as before
        return Scene(scene.source, role, _("given as {role}").format(role=role.upper()), bounds=scene.bounds)
    return scene


def describe(scene: Scene, role: str) -> str:
    when = _(", acquired {acquired} ({source})").format(acquired=scene.acquired, source=scene.date_from) if scene.acquired else ""
    if scene.season and scene.date_from == "scene JSON":
        when = _(", season {season} (scene JSON)").format(season=scene.season)
    return _("{role}: {label} recognised as {reason}{when}.").format(role=role.upper(), label=scene.label, reason=scene.reason, when=when)


def season_of(s1: Scene, s2: Scene) -> tuple[str | None, str]:
    """The season both scenes' JSON or dates give (S2 first, as the paper's season is the optical
    one), and a sentence saying where it came from."""
    for scene, role in ((s2, "S2"), (s1, "S1")):
        if scene.season:
            return scene.season, _("Season {season} from the {role} scene JSON.").format(
                                     season=scene.season, role=role)
    for scene, role in ((s2, "S2"), (s1, "S1")):
        if scene.acquired:
            season = season_for_date(scene.acquired)
            if season is None:
                return None, (_("the {role} acquisition date {acquired} falls in none of the paper's seasons "
                                "(spring ends on 30 May, summer starts on 1 June)").format(
                                  role=role, acquired=scene.acquired))
            return season.name, _("Season {name} from the {role} acquisition date {acquired}.").format(
                                    name=season.name, role=role, acquired=scene.acquired)
    return None, (_("no acquisition date in the scenes' metadata, file names or scene JSON, and only the "
                    "paper's seeds have a season of their own"))


def resolve_pair(s1: str, s2: str, output: str | Path, all_bands: bool = False) -> ResolvedPair:
    """Recognise both inputs, build a VRT for an S2 product or per-band folder inside ``output``."""
    scene1, scene2 = checked_scene(s1, "s1"), checked_scene(s2, "s2")
    if scene1.kind != "raster":
        raise InputError(_("The S1 input {label} is a Sentinel-2 product; give a Sentinel-1 raster.").format(
                             label=scene1.label))
    pols = scene1.polarisations
    if pols and all(pols) and "VV" not in pols:
        raise InputError(_("The S1 input {label} holds {value} only: SEN1-2 patches are VV.").format(
                             label=scene1.label, value=', '.join(pols)))
    s2_path, notes = extraction_input(scene2, output, all_bands)
    season, where = season_of(scene1, scene2)
    messages = [describe(scene1, "s1"), describe(scene2, "s2")] + notes + ([where] if season else [])
    seed = scene2.seed if scene2.seed is not None else scene1.seed
    offset_done = scene2.kind == "s2_product"  # the SENTINEL2 driver's VRT carries the product's own offsets
    return ResolvedPair(scene1.source, s2_path, season, seed, messages, where, scene1, scene2, offset_done)
