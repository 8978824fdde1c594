"""The pure core's unit tests on the Pythons QGIS ships, with Debian's GDAL and with PyPI's rasterio.

For each interpreter (3.9: QGIS 3.22-3.32 on Windows; 3.12; 3.13) two venvs under build/compat/:

- ``gdal``: GDAL's Python bindings built against Debian's libgdal-dev, and rasterio 1.4 built from
  its PyPI source against the same libgdal, so one GDAL serves both (every unit test runs);
- ``wheel``: rasterio 1.4's PyPI wheel, which bundles its own GDAL. Debian's ``osgeo`` must not
  load beside that second GDAL, so this venv has none: tests marked ``needs_osgeo`` are skipped
  (``SEN12_WITHOUT_OSGEO=1``) and listed in the summary.

Debian's own rasterio (1.3, Python 3.11) is covered by ``make test``. QGIS itself is never
imported here: the core does not need it, and tests/qgis is not collected.

Venvs are cached: one is rebuilt only when its recipe (the pins below, the interpreter's version
or GDAL's version) changes; pip's cache in build/compat/pip-cache keeps the compiled wheels.
Prints one summary line per venv and exits 1 if any venv failed to build or any test failed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "compat"
PYTHONS = ("3.9", "3.12", "3.13")
FLAVOURS = ("gdal", "wheel")
RASTERIO = "rasterio==1.4.3"  # the last rasterio for Python 3.9, with wheels for 3.9 to 3.13
# numpy, Pillow and pytest: the newest each interpreter gets, as a user's pip would.
COMMON = [
    "numpy", "pillow", "pytest", "isal==1.9.1", "scipy",  # scipy: the checks (ndimage, fft), as QGIS ships it
    # The same client as requirements-dev.txt and the plugin zip: 1.6.15 is the last release that
    # imports on Python 3.9 (1.7 needs 3.11), so one pin serves every QGIS.
    "earthengine-api==1.6.15",
]
# Build tools for GDAL's bindings, which must see numpy at build time (hence --no-build-isolation).
GDAL_BUILD_TOOLS = ["numpy", "setuptools", "wheel"]
VERSIONS_PROBE = r"""
import json, platform, numpy
out = {"python": platform.python_version(), "numpy": numpy.__version__}
try:
    import rasterio
    out["rasterio"] = rasterio.__version__ + " (GDAL " + rasterio.__gdal_version__ + ")"
except ImportError:
    out["rasterio"] = "absent"
try:
    from osgeo import gdal
    out["osgeo"] = gdal.__version__
except ImportError:
    out["osgeo"] = "absent"
print(json.dumps(out))
"""


def find_python(version: str) -> Path | None:
    """The newest pyenv interpreter of ``version`` (or one on PATH as ``python3.X``)."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = sorted(pyenv.glob(f"{version}.*/bin/python{version}"),
                        key=lambda p: [int(n) for n in re.findall(r"\d+", p.parent.parent.name)])
    if candidates:
        return candidates[-1]
    on_path = shutil.which(f"python{version}")
    return Path(on_path) if on_path else None


def gdal_version() -> str:
    try:
        return subprocess.run(["gdal-config", "--version"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        raise SystemExit("gdal-config not found: install Debian's libgdal-dev (apt-get install libgdal-dev).") from None


def recipe(python: Path, flavour: str, gdal: str) -> dict:
    interpreter = subprocess.run([str(python), "-c", "import sys; print(sys.version)"],
                                 capture_output=True, text=True, check=True).stdout.strip()
    return {"interpreter": interpreter, "flavour": flavour, "common": COMMON, "rasterio": RASTERIO,
            "gdal": gdal if flavour == "gdal" else None}


def log_path(venv: Path, what: str) -> Path:
    return venv.parent / f"{venv.name}.{what}.log"


def pip(venv: Path, *args: str, log, **env_extra: str) -> None:
    env = dict(os.environ, PIP_CACHE_DIR=str(BUILD / "pip-cache"), PIP_DISABLE_PIP_VERSION_CHECK="1", **env_extra)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *args],
                   check=True, stdout=log, stderr=subprocess.STDOUT, env=env)


def build_venv(python: Path, flavour: str, venv: Path, want: dict) -> None:
    """(Re)creates the venv unless its stamp records the same recipe."""
    stamp = venv / "recipe.json"
    if stamp.exists() and json.loads(stamp.read_text()) == want:
        return
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([str(python), "-m", "venv", str(venv)], check=True)
    with open(log_path(venv, "build"), "w") as log:
        pip(venv, "--upgrade", "pip", log=log)
        pip(venv, *COMMON, log=log)
        if flavour == "gdal":
            pip(venv, *GDAL_BUILD_TOOLS, log=log)
            # Unoptimised C and C++: test builds compile in a fraction of the time.
            fast = {"CFLAGS": "-O0", "CXXFLAGS": "-O0"}
            pip(venv, "--no-build-isolation", f"gdal=={want['gdal']}", log=log, **fast)
            # From source, so rasterio links Debian's libgdal too: one GDAL in the process.
            pip(venv, "--no-binary", "rasterio", RASTERIO, log=log, **fast)
        else:
            pip(venv, "--only-binary", "rasterio", RASTERIO, log=log)
    stamp.write_text(json.dumps(want, indent=1))


def versions(venv: Path) -> dict:
    done = subprocess.run([str(venv / "bin" / "python"), "-c", VERSIONS_PROBE], capture_output=True, text=True)
    return json.loads(done.stdout) if done.returncode == 0 else {"error": done.stderr.strip().splitlines()[-1:]}


def run_tests(venv: Path, flavour: str, pytest_args: list[str]) -> tuple[int, str, list[str]]:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)
    if flavour == "wheel":
        env["SEN12_WITHOUT_OSGEO"] = "1"
    cmd = [str(venv / "bin" / "python"), "-m", "pytest", "tests/unit", "-q", "-rs", "-p", "no:cacheprovider",
           "-W", "ignore::pytest.PytestConfigWarning", *pytest_args]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    log_path(venv, "tests").write_text(done.stdout + done.stderr)
    lines = done.stdout.strip().splitlines()
    outcome = lines[-1].strip("= ") if lines else f"pytest exited with {done.returncode}, see {log_path(venv, 'tests')}"
    problems = [line for line in lines if line.startswith(("FAILED", "ERROR"))]
    skipped: dict[str, int] = {}
    for line in lines:  # "SKIPPED [5] tests/unit/test_ee_graph.py: reason" (pytest -rs)
        found = re.match(r"SKIPPED \[(\d+)\] tests/unit/(\w+)\.py", line)
        if found:
            skipped[found.group(2)] = skipped.get(found.group(2), 0) + int(found.group(1))
    if skipped:
        problems.append("skipped: " + ", ".join(f"{name} {n}" for name, n in skipped.items())
                        + f" (reasons in {log_path(venv, 'tests')})")
    return done.returncode, outcome, problems


def build_all(venvs: list[tuple[str, Path | None, str]], gdal: str, jobs: int) -> dict[str, str]:
    """Builds the venvs, ``jobs`` at a time (compiling is single-threaded); problems by venv name."""
    problems: dict[str, str] = {}

    def build(item):
        name, python, flavour = item
        if python is None:
            version = name[2:].split("-")[0]
            problems[name] = f"no Python {version} found (pyenv install {version})"
            return
        venv = BUILD / name
        try:
            build_venv(python, flavour, venv, recipe(python, flavour, gdal))
        except subprocess.CalledProcessError:
            problems[name] = f"venv build failed, see {log_path(venv, 'build')}"

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(build, venvs))
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--python", action="append", help="versions to run (default: 3.9 3.12 3.13)")
    parser.add_argument("--flavour", action="append", choices=FLAVOURS)
    parser.add_argument("--jobs", type=int, default=2, help="venvs built at once (default: 2)")
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    args = parser.parse_args()
    gdal = gdal_version()
    started = time.monotonic()
    BUILD.mkdir(parents=True, exist_ok=True)
    venvs = [(f"py{version}-{flavour}", find_python(version), flavour)
             for version in args.python or PYTHONS for flavour in args.flavour or FLAVOURS]
    problems = build_all(venvs, gdal, args.jobs)
    built = time.monotonic() - started
    print(f"venvs ready in {built:.0f} s", flush=True)
    rows, failed = [], bool(problems)
    for name, _, flavour in venvs:
        venv = BUILD / name
        if name in problems:
            rows.append((name, "-", problems[name], []))
            continue
        found = versions(venv)
        if flavour == "wheel" and found.get("osgeo") != "absent":
            rows.append((name, found, "osgeo present beside PyPI rasterio's GDAL: refused", []))
            failed = True
            continue
        if flavour == "gdal" and f"(GDAL {found.get('osgeo')})" not in found.get("rasterio", ""):
            rows.append((name, found, "rasterio and osgeo use different GDALs: refused", []))
            failed = True
            continue
        code, outcome, lines = run_tests(venv, flavour, args.pytest_args)
        failed |= code != 0
        rows.append((name, found, outcome, lines))
        print(f"{name}: {outcome}", flush=True)
    print(f"\nPython matrix ({time.monotonic() - started:.0f} s, of which venvs {built:.0f} s):")
    for name, found, outcome, lines in rows:
        libs = "" if isinstance(found, str) else ", ".join(f"{k} {v}" for k, v in found.items())
        print(f"  {name:<14} {outcome}\n  {'':<14} {libs}")
        for line in lines:
            print(f"  {'':<14} {line}")
    print("Python matrix: " + ("FAILED" if failed else "all passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
