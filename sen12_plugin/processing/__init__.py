"""The Processing face: provider ``sen12`` and one file per algorithm (or family).

Each algorithm maps its parameters onto ``core.pipeline`` (and ``core.requests``) and its
results onto outputs; ``base`` turns core errors into sentences (``qgis_support.user_sentence``)
and ``earthengine_base`` holds the request parameters the Earth Engine algorithms share.
Imports point one way: processing -> ``qgis_support`` -> ``core``; never processing <-> gui.
"""
