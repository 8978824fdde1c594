"""The analyst's own scenes: recognise Sentinel-1/-2 rasters and products, date them, pair them.

``recognise`` says what an input is (and why), ``gather`` every scene among many picked files and
folders (a parent folder searched below); ``extraction_input`` turns a Sentinel-2 product or
a folder of per-band files into a VRT inside OUTPUT; ``pair_scenes`` proposes S1/S2 pairs by
footprint and date; ``season_for_date`` applies the recipe's season table. Unit checks (dB or
linear, integer S1) stay with the extractor.
"""

from __future__ import annotations

from .dates import parse_date, season_for_date
from .pairing import ProposedPair, overlap, pair_scenes
from .products import SOURCES_FOLDER, extraction_input
from .recognise import RADAR_ADVICE, Scene, gather, recognise
from .resolve import ResolvedPair, is_product_path, resolve_pair

__all__ = [
    "RADAR_ADVICE", "SOURCES_FOLDER", "ProposedPair", "ResolvedPair", "Scene", "extraction_input", "gather",
    "is_product_path", "overlap", "pair_scenes", "parse_date", "recognise", "resolve_pair",
    "season_for_date",
]
