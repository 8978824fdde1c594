"""The dock's sections, one widget each, in the order of the pipeline.

rois.ROISection (draw, pick, sample), season.SeasonSection (seasons or dates, sensor options),
earthengine.EarthEngineSection (sign-in, availability, preview, download, exports),
scenes.ScenesSection (scene folder, the analyst's own files), extract.ExtractSection (patches),
review.ReviewSection (review mode, publish). Each reads and writes its own settings
(``load_settings`` / ``store_settings``); ``gui.dock.Sen12Dock`` only holds them and runs tasks.
"""
