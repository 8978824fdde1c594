"""A fake Earth Engine REST service on 127.0.0.1 for the real earthengine-api client.

It serves the discovery document and algorithm list that earthengine-api ships (so the real
client initialises against it), and answers the calls the plugin makes: ``value:compute``
(image counts), ``image:computePixels`` (GeoTIFF bytes cut from test rasters on the requested
grid), map ids and tiles, ``image:export`` and operations. Tests inject failures (HTTP status
per request), delays and auth rejection, and read the request log.
"""

from __future__ import annotations

import io
import json
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np


def _ee_tests_dir() -> Path:
    import ee

    return Path(ee.__file__).parent / "tests"


class FakeEarthEngine:
    def __init__(self) -> None:
        self.sources: dict[str, Path] = {}  # "s1" / "s2" -> GeoTIFF the pixels are cut from
        self.counts: Callable[[dict], dict] = lambda body: {
            "s1": 3, "s2": 2, "s1_ids": ["S1A_a", "S1A_b", "S1B_c"], "s2_ids": ["20170601T1", "20170615T2"]}
        self.failures: list[int] = []  # statuses to answer computePixels with, in order
        self.fail_always: int | None = None
        self.too_large_over_px: int | None = None  # answer "memory limit" for bigger tiles
        self.delay = 0.0
        self.reject_auth = False
        self.offline = False  # drop every connection without an answer (network gone)
        self.log: list[tuple[str, str, dict]] = []
        self.operations: dict[str, dict] = {}
        self.polls: dict[str, int] = defaultdict(int)
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None

    # ----- lifecycle ---------------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeEarthEngine:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                fake._handle(self, "GET")

            def do_POST(self):
                fake._handle(self, "POST")

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def go_offline(self) -> None:
        """The network disappears: open connections are dropped, new ones are refused."""
        self.offline = True
        self.stop()

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def calls(self, kind: str) -> list[dict]:
        return [body for method, path, body in self.log if kind in path]

    # ----- dispatch ----------------------------------------------------------------------
    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        if self.offline:
            handler.close_connection = True
            handler.connection.close()
            return
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else {}
        path = handler.path
        with self._lock:
            self.log.append((method, path, body))
        if "$discovery" in path:
            return self._json(handler, 200, self._discovery())
        if self.reject_auth:
            return self._error(handler, 401, "UNAUTHENTICATED",
                               "Request had invalid authentication credentials.")
        if path.split("?")[0].endswith("/algorithms"):
            return self._raw(handler, 200, (_ee_tests_dir() / "algorithms.json").read_bytes(), "application/json")
        if "value:compute" in path:
            return self._json(handler, 200, {"result": self.counts(body)})
        if "image:computePixels" in path:
            return self._compute_pixels(handler, body)
        if re.search(r"/maps(\?|$)", path) and method == "POST":
            return self._json(handler, 200, {"name": "projects/test-project/maps/map123"})
        if "/tiles/" in path:
            return self._raw(handler, 200, _png_bytes(), "image/png")
        if "image:export" in path:
            return self._export(handler, body)
        if "/operations" in path:
            return self._operations(handler, path)
        return self._error(handler, 404, "NOT_FOUND", f"fake Earth Engine has no {path}")

    def _compute_pixels(self, handler, body: dict) -> None:
        if self.delay:
            time.sleep(self.delay)
        if self.offline:
            handler.close_connection = True
            handler.connection.close()
            return
        with self._lock:
            status = self.failures.pop(0) if self.failures else self.fail_always
        if status == 429:
            return self._error(handler, 429, "RESOURCE_EXHAUSTED", "Too many concurrent aggregations.")
        if status:
            return self._error(handler, status, "INTERNAL", "An internal error has occurred.")
        grid = body["grid"]
        w, h = grid["dimensions"]["width"], grid["dimensions"]["height"]
        if self.too_large_over_px and w * h > self.too_large_over_px:
            return self._error(handler, 400, "INVALID_ARGUMENT", "User memory limit exceeded.")
        sensor = "s1" if any(b in ("VV", "VH") for b in body.get("bandIds", [])) else "s2"
        if sensor not in self.sources:
            return self._error(handler, 400, "INVALID_ARGUMENT",
                               "ImageCollection.load: ImageCollection asset 'X' not found.")
        return self._raw(handler, 200, self._cut(self.sources[sensor], grid, w, h), "image/tiff")

    def _cut(self, source: Path, grid: dict, w: int, h: int) -> bytes:
        import rasterio
        from rasterio.io import MemoryFile
        from rasterio.windows import Window

        t = grid["affineTransform"]
        with rasterio.open(source) as src:
            col = round((t["translateX"] - src.transform.c) / src.transform.a)
            row = round((t["translateY"] - src.transform.f) / src.transform.e)
            data = src.read(window=Window(col, row, w, h), boundless=True, fill_value=src.nodata or 0)
            profile = dict(driver="GTiff", width=w, height=h, count=src.count, dtype=src.dtypes[0],
                           crs=grid["crsCode"], transform=rasterio.Affine(
                               t["scaleX"], t.get("shearX", 0), t["translateX"],
                               t.get("shearY", 0), t["scaleY"], t["translateY"]), nodata=src.nodata)
        with MemoryFile() as mem:
            with mem.open(**profile) as dst:
                dst.write(data)
            return mem.read()

    def _export(self, handler, body: dict) -> None:
        with self._lock:
            name = f"projects/test-project/operations/OP{len(self.operations) + 1}"
            op = {"name": name, "metadata": {
                "@type": "type.googleapis.com/google.earthengine.v1alpha.OperationMetadata",
                "state": "PENDING", "description": body.get("description", ""), "type": "EXPORT_IMAGE"},
                "done": False}
            self.operations[name] = op
        return self._json(handler, 200, op)

    def _operations(self, handler, path: str) -> None:
        match = re.search(r"(projects/[^/]+/operations/[^/?:]+)", path)
        if match and match.group(1) in self.operations:
            name = match.group(1)
            with self._lock:
                self.polls[name] += 1
                op = self.operations[name]
                if self.polls[name] >= 2:  # RUNNING, then SUCCEEDED
                    op["metadata"]["state"] = "SUCCEEDED"
                    op["done"] = True
                else:
                    op["metadata"]["state"] = "RUNNING"
            return self._json(handler, 200, op)
        return self._json(handler, 200, {"operations": list(self.operations.values())})

    # ----- answers -----------------------------------------------------------------------
    def _discovery(self) -> dict:
        doc = json.loads((_ee_tests_dir() / "cloud_api_discovery_document.json").read_text())
        doc["rootUrl"] = self.url + "/"
        doc["baseUrl"] = self.url + "/"
        return doc

    def _json(self, handler, status: int, payload) -> None:
        self._raw(handler, status, json.dumps(payload).encode(), "application/json")

    def _error(self, handler, status: int, code: str, message: str) -> None:
        self._json(handler, status, {"error": {"code": status, "message": message, "status": code}})

    def _raw(self, handler, status: int, data: bytes, content_type: str) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)


def _png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.full((256, 256, 3), 128, dtype=np.uint8)).save(buf, format="PNG")
    return buf.getvalue()
