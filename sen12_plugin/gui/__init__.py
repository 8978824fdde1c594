"""The dock's side of the QGIS layer: it maps widget values onto the core and shows the results.

``dock`` holds one widget per step in ``sections/`` (ROIs, season and sensors, Earth Engine,
scenes, extract, review) and runs every long step as a QgsTask (``tasks``); ``map_tools`` draws
ROIs, ``roi_layer`` keeps them, ``layers`` shows scenes, ``pairing`` and ``own_scenes`` handle
the analyst's own files, ``review`` is the keyboard review mode. Imports point one way: gui ->
``qgis_support`` (QGIS helpers shared with Processing) -> ``core``; never gui <-> processing.
"""
