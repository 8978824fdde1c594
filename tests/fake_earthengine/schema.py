"""Request bodies checked field by field, as Google's API front end does.

Field lists follow the Earth Engine REST reference, v1
(developers.google.com/earth-engine/reference/rest/v1/...): ComputePixelsRequest, PixelGrid,
GridDimensions, AffineTransform, Expression / ValueNode, ComputeValueRequest, EarthEngineMap
(projects.maps.create), ExportImageRequest, ImageFileExportOptions, GeoTiffImageExportOptions.
An unknown field or a wrong enum value answers 400 INVALID_ARGUMENT in the wording of Google's
JSON transcoding ("Invalid JSON payload received. Unknown name ...", "Invalid value at ...").
"""

from __future__ import annotations

import re


class BadRequest(Exception):
    """400 INVALID_ARGUMENT with this message."""


# ImageFileFormat (REST reference, v1/ImageFileFormat).
IMAGE_FILE_FORMATS = ("IMAGE_FILE_FORMAT_UNSPECIFIED", "JPEG", "PNG", "AUTO_JPEG_PNG", "NPY", "GEO_TIFF",
                      "TF_RECORD_IMAGE", "ZIPPED_GEO_TIFF", "ZIPPED_GEO_TIFF_PER_BAND")

STRING, NUMBER, INTEGER, BOOLEAN, ANY = "string", "number", "integer", "boolean", "any"

GRID_DIMENSIONS = {"width": INTEGER, "height": INTEGER}
AFFINE = {k: NUMBER for k in ("scaleX", "shearX", "translateX", "shearY", "scaleY", "translateY")}
PIXEL_GRID = {"dimensions": GRID_DIMENSIONS, "affineTransform": AFFINE, "crsCode": STRING, "crsWkt": STRING}
VISUALIZATION = {"ranges": [{"min": NUMBER, "max": NUMBER}], "paletteColors": [STRING], "gamma": {"value": NUMBER},
                 "opacity": {"value": NUMBER}}
EXPRESSION = "Expression"  # checked by check_expression
COMPUTE_PIXELS = {"expression": EXPRESSION, "fileFormat": ("enum", "ImageFileFormat", IMAGE_FILE_FORMATS),
                  "grid": PIXEL_GRID, "bandIds": [STRING], "visualizationOptions": VISUALIZATION,
                  "workloadTag": STRING}
COMPUTE_VALUE = {"expression": EXPRESSION, "workloadTag": STRING}
EARTH_ENGINE_MAP = {"name": STRING, "expression": EXPRESSION,
                    "fileFormat": ("enum", "ImageFileFormat", IMAGE_FILE_FORMATS), "bandIds": [STRING],
                    "visualizationOptions": VISUALIZATION, "grid": PIXEL_GRID, "workloadTag": STRING}
GEO_TIFF_OPTIONS = {"cloudOptimized": BOOLEAN, "tileDimensions": GRID_DIMENSIONS, "skipEmptyFiles": BOOLEAN,
                    "tileSize": {"value": INTEGER}, "noData": {"floatValue": NUMBER}}
FILE_EXPORT_OPTIONS = {
    "fileFormat": ("enum", "ImageFileFormat", IMAGE_FILE_FORMATS),
    "driveDestination": {"folder": STRING, "filenamePrefix": STRING},
    "cloudStorageDestination": {"bucket": STRING, "filenamePrefix": STRING, "permissions": STRING,
                                "bucketCorsUris": [STRING]},
    "geoTiffOptions": GEO_TIFF_OPTIONS, "tfRecordOptions": ANY,
}
EXPORT_IMAGE = {"expression": EXPRESSION, "description": STRING, "maxPixels": {"value": INTEGER},  # Int64Value "grid": PIXEL_GRID,
                "requestId": STRING, "workloadTag": STRING, "priority": {"value": INTEGER},
                "fileExportOptions": FILE_EXPORT_OPTIONS, "assetExportOptions": ANY}

VALUE_NODE_KINDS = ("constantValue", "integerValue", "bytesValue", "arrayValue", "dictionaryValue",
                    "functionDefinitionValue", "functionInvocationValue", "argumentReference", "valueReference")


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def check(body, schema, where: str = "") -> None:
    """Raise BadRequest at the first field that is not in ``schema`` or not of its type."""
    if schema == ANY:
        return
    if schema == EXPRESSION:
        return check_expression(body, where)
    if isinstance(schema, tuple) and schema[0] == "enum":
        if body not in schema[2]:
            raise BadRequest(f"Invalid value at '{_snake(where.rsplit('.', 1)[-1])}' "
                             f"(type.googleapis.com/google.earthengine.v1.{schema[1]}), \"{body}\"")
        return
    if isinstance(schema, list):
        if not isinstance(body, list):
            raise BadRequest(f"Invalid value at '{_snake(where)}': expected a list.")
        for i, item in enumerate(body):
            check(item, schema[0], f"{where}[{i}]")
        return
    if isinstance(schema, dict):
        if not isinstance(body, dict):
            raise BadRequest(f"Invalid value at '{_snake(where)}': expected an object.")
        for key, value in body.items():
            if key not in schema:
                at = f" at '{_snake(where)}'" if where else ""
                raise BadRequest(f'Invalid JSON payload received. Unknown name "{key}"{at}: Cannot find field.')
            check(value, schema[key], f"{where}.{key}" if where else key)
        return
    ok = {STRING: isinstance(body, str),
          NUMBER: isinstance(body, (int, float)) and not isinstance(body, bool),
          INTEGER: (isinstance(body, int) and not isinstance(body, bool))
          or (isinstance(body, str) and body.lstrip("-").isdigit()),  # int64 travels as a string
          BOOLEAN: isinstance(body, bool)}[schema]
    if not ok:
        raise BadRequest(f"Invalid value at '{_snake(where)}' ({schema}), {body!r}")


def check_expression(expr, where: str = "expression") -> None:
    """Expression: ``result`` names one of ``values``; every ValueNode has exactly one known kind."""
    if not isinstance(expr, dict) or set(expr) - {"result", "values"}:
        extra = sorted(set(expr) - {"result", "values"}) if isinstance(expr, dict) else ["?"]
        raise BadRequest(f'Invalid JSON payload received. Unknown name "{extra[0]}" at \'{where}\': Cannot find field.')
    values = expr.get("values") or {}
    if expr.get("result") not in values:
        raise BadRequest(f"Expression result {expr.get('result')!r} is not one of its values.")

    def node(n, at):
        if not isinstance(n, dict) or len(n) != 1 or next(iter(n)) not in VALUE_NODE_KINDS:
            raise BadRequest(f"Invalid value node at '{at}': {str(n)[:80]}")
        kind, value = next(iter(n.items()))
        if kind == "arrayValue":
            for i, item in enumerate(value.get("values", [])):
                node(item, f"{at}.values[{i}]")
        elif kind == "dictionaryValue":
            for k, item in value.get("values", {}).items():
                node(item, f"{at}.values.{k}")
        elif kind == "functionInvocationValue":
            if set(value) - {"functionName", "functionReference", "arguments"}:
                raise BadRequest(f"Invalid function invocation at '{at}'.")
            for k, item in value.get("arguments", {}).items():
                node(item, f"{at}.arguments.{k}")
        elif kind == "valueReference" and value not in values:
            raise BadRequest(f"Value reference {value!r} at '{at}' is not defined.")

    for name, value in values.items():
        node(value, f"{where}.values.{name}")
