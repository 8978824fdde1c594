"""The SEN1-2 pipeline without QGIS or Qt: recipe, seasons, ROIs, preprocessing, extraction.

Everything here imports neither ``qgis`` nor Qt, so it runs and is tested in plain Python.
"""
