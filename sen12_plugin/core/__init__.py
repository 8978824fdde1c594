"""The SEN1-2 pipeline without QGIS or Qt: every piece of logic, including the workflow.

Nothing here imports ``qgis``, Qt, ``gui``, ``processing`` or the plugin (tests/unit/
test_architecture.py checks it), so it runs and is tested in plain Python (3.9-3.13).

- Workflow: ``pipeline`` (the jobs both faces call: sample ROIs; fetch and check scenes;
  extract, check and index; publish), ``requests`` (ROI rows x seasons -> requests).
- Recipe and names: ``recipe``, ``seasons``, ``layout`` (the SEN1-2 patch layout), ``scene_files``
  (the files of a scene pair and their names parsed back), ``names`` (safe names, seeds).
- ROIs: ``roi`` (the ROI value, checks), ``rois`` (seeded sampling), ``masks``, ``crs``.
- Scenes: ``earthengine/`` (graphs, tiling, retries, transport, sign-in, downloads, exports),
  ``sources/`` (the analyst's own rasters and products), ``inputs`` (is S1 dB, which S2 bands).
- Extraction: ``raster_pair`` (the one reader: band choice, S1 warped onto the S2 grid, no-data
  mask), ``grid`` (raster and patch grids with CRS and affine), ``preprocess``, ``png``,
  ``extract`` and ``extract_blocks``, ``extract_job`` (extract + scene check + index under one
  lock), ``identity`` (resume by identity, the output lock), ``index``.
- Labels: ``labels`` (label sources, class maps, the Earth Engine land-cover products),
  ``label_raster`` (a scene's label on its grid: features rasterized, class rasters resampled).
- Work: ``jobs`` (one cancellable job runner), ``workers`` (processes that die with their parent).
- Publishing: ``quality``, ``review``, ``splits``, ``card``; ``fsutil`` and ``errors`` underneath.
"""
