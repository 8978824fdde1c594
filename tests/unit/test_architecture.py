"""The layers point one way: core <- processing, core <- gui, the shared QGIS helpers <- both faces.

Pure Python: the import graph of ``sen12_plugin`` is read from the source (every ``import``, also
those inside functions, since a late import is still a dependency), no module is executed.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "sen12_plugin"
ROOT = PACKAGE.name
FACES = ("gui", "processing")
# What the pure-Python core must never reach: QGIS, Qt, the faces and the QGIS-side modules.
CORE_FORBIDDEN = ("qgis", "PyQt5", "PyQt6", "PyQt", "sip", f"{ROOT}.gui", f"{ROOT}.processing",
                  f"{ROOT}.settings", f"{ROOT}.plugin", f"{ROOT}.translation", f"{ROOT}.qt_compat",
                  f"{ROOT}.qgis_support")


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, package: Path = PACKAGE) -> set[str]:
    """Absolute names of everything ``path`` imports; ``from . import x`` names the module x when
    it is one (a submodule), else the package."""
    name = module_name(path, package)
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if _is_module(sub, package) else target)
    return found


def _is_module(dotted: str, package: Path) -> bool:
    parts = dotted.split(".")
    if parts[0] != package.name:
        return False
    base = package.parent.joinpath(*parts)
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the modules it imports (third-party names kept, for the layer rules).

    The package root is QGIS' entry point: its ``classFactory`` imports ``plugin`` when QGIS
    calls it, and nothing in the package calls it, so its edges are left out (``core.card``
    reads ``__version__`` from it without closing a loop)."""
    graph = {module_name(p, package): imports_of(p, package)
             for p in sorted(package.rglob("*.py")) if "data" not in p.relative_to(package).parts}
    graph[package.name] = set()
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (or a module importing itself), Tarjan."""
    index, low, stack, on_stack, out, counter = {}, {}, [], set(), [], [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                out.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def layer_violations(graph: dict[str, set[str]]) -> list[str]:
    problems = []
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            if _within(module, f"{ROOT}.core") and any(_within(target, f) for f in CORE_FORBIDDEN):
                problems.append(f"{module} (core) imports {target}")
            for face in FACES:
                other = next(f for f in FACES if f != face)
                if _within(module, f"{ROOT}.{face}") and _within(target, f"{ROOT}.{other}"):
                    problems.append(f"{module} ({face}) imports {target} ({other})")
            if _within(module, f"{ROOT}.processing") and _within(target, f"{ROOT}.plugin"):
                problems.append(f"{module} (processing) imports {target}")
            if _within(module, f"{ROOT}.qgis_support") and any(
                    _within(target, f"{ROOT}.{f}") for f in (*FACES, "plugin")):
                problems.append(f"{module} (shared QGIS helpers) imports {target}, a face")
    return problems


def test_no_import_cycle_between_modules():
    found = cycles(import_graph())
    assert not found, "import cycles: " + " | ".join(" <-> ".join(group) for group in found)


def test_layers_point_one_way():
    problems = layer_violations(import_graph())
    assert not problems, "\n".join(problems)


def test_the_graph_sees_late_and_relative_imports():
    graph = import_graph()
    assert f"{ROOT}.core.errors" in graph[f"{ROOT}.core.names"]  # from .errors import InputError
    assert f"{ROOT}.gui.dock" in graph[f"{ROOT}.plugin"]  # imported inside show_dock
    assert f"{ROOT}.core.requests" in graph[f"{ROOT}.qgis_support"]  # inside roi_rows


def write(root: Path, files: dict[str, str]) -> Path:
    package = root / ROOT
    for rel, text in files.items():
        path = package / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return package


@pytest.mark.parametrize("files, expected", [
    ({"core/__init__.py": "", "core/a.py": "from . import b\n", "core/b.py": "def f():\n    from .a import x\n"},
     "cycle"),
    ({"core/__init__.py": "", "core/a.py": "from qgis.core import QgsProject\n"}, "core) imports qgis.core"),
    ({"core/__init__.py": "", "core/a.py": "from ..settings import S\n", "settings.py": ""}, "imports sen12_plugin.settings"),
    ({"gui/__init__.py": "", "processing/__init__.py": "", "gui/d.py": "from ..processing.base import x\n",
      "processing/base.py": ""}, "(gui) imports sen12_plugin.processing.base"),
    ({"processing/__init__.py": "", "processing/base.py": "def icon():\n    from ..plugin import plugin_icon\n",
      "plugin.py": ""}, "(processing) imports sen12_plugin.plugin"),
])
def test_the_checks_catch_what_they_guard(tmp_path, files, expected):
    package = write(tmp_path, {"__init__.py": "", **files})
    graph = import_graph(package)
    found = [" <-> ".join(g) for g in cycles(graph)]
    text = "\n".join(layer_violations(graph)) + ("\ncycle" if found else "")
    assert expected in text


def tr_on_variables(path: Path) -> list[int]:
    """Lines where ``tr`` gets anything but one literal string (it would never reach the .ts)."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr":
            literal = (len(node.args) == 1 and isinstance(node.args[0], ast.Constant)
                       and isinstance(node.args[0].value, str))
            if not literal:
                lines.append(node.lineno)
    return sorted(lines)


def test_tr_gets_only_literal_strings(tmp_path):
    found = {str(p.relative_to(PACKAGE)): tr_on_variables(p) for p in sorted(PACKAGE.rglob("*.py"))}
    bad = {p: lines for p, lines in found.items() if lines}
    assert not bad, f"tr() on a variable (pylupdate5 cannot see it): {bad}"
    sample = tmp_path / "sample.py"
    sample.write_text('tr("spring")\nfor name in names:\n    tr(name)\ntr("a {}".format(1))\n')
    assert tr_on_variables(sample) == [3, 4]


# ----- the dataset folder name has one owner -------------------------------------------------

DATASET_OWNERS = (f"{ROOT}.core.dataset", f"{ROOT}.core.recipe")  # the reference, and the recipe's pattern
SPLITTERS = ("split", "rsplit", "partition", "rpartition")


def _text(node) -> str:
    return ast.unparse(node) if hasattr(ast, "unparse") else ast.dump(node)


def _docstrings(tree) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _translated(tree) -> set[int]:
    """String constants handed to tr() (help texts may show the layout to the user)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr":
            found.update(id(n) for arg in node.args for n in ast.walk(arg))
    return found


def _added(node) -> list:
    """The terms of a chain of ``+``, left to right."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _added(node.left) + _added(node.right)
    return [node]


def dataset_name_violations(path: Path) -> list[str]:
    """Lines of ``path`` that build or slice a dataset folder name (``{name}_{season}``, ``ROIs{seed}``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree) | _translated(tree)
    found = []

    def flag(node, what):
        found.append(f"{path.name}:{node.lineno}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and id(node) not in skip:
            parts = node.values
            for a, b in zip(parts, parts[1:]):
                if (isinstance(a, ast.Constant) and str(a.value).endswith("_") and isinstance(b, ast.FormattedValue)
                        and "season" in _text(b.value)):
                    flag(node, "glues a name and a season")
                if (isinstance(a, ast.Constant) and str(a.value).endswith("ROIs")
                        and isinstance(b, ast.FormattedValue)):
                    flag(node, "builds ROIs{seed}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if "ROIs{" in node.value or "ROIs(" in node.value or "ROIs\\d" in node.value:
                flag(node, "spells the seeded dataset pattern")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            terms = _added(node)
            for a, b in zip(terms, terms[1:]):
                if isinstance(a, ast.Constant) and str(a.value).endswith("_") and "season" in _text(b):
                    flag(node, "glues a name and a season")
        elif isinstance(node, ast.Attribute) and node.attr == "DATASET_PATTERN":
            flag(node, "uses recipe.DATASET_PATTERN")
        elif isinstance(node, ast.Subscript) and "season" in _text(node.slice) and "len(" in _text(node.slice):
            flag(node, "slices a season off a dataset name")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver, args = _text(node.func.value), " ".join(_text(a) for a in node.args)
            if node.func.attr in SPLITTERS and "dataset" in receiver and "'_'" in args:
                flag(node, "slices a dataset name at '_'")
            if node.func.attr in ("endswith", "startswith", "removesuffix", "removeprefix") and "season" in args:
                flag(node, "slices a season off a dataset name")
    return found


def test_only_the_dataset_reference_builds_or_reads_dataset_folder_names():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "data" in path.relative_to(PACKAGE).parts or module_name(path) in DATASET_OWNERS:
            continue
        found += dataset_name_violations(path)
    assert not found, "dataset folder names built or sliced outside core/dataset.py:\n" + "\n".join(found)


@pytest.mark.parametrize("source", [
    'name = f"{label}_{season}"\n',
    'name = f"{ref.name}_{key.season}"\n',
    'name = label + "_" + season\n',
    'name = prefix + f"_{season}"\n',
    'name = f"ROIs{seed}_{s}"\n',
    'PATTERN = re.compile(r"^ROIs(?P<seed>\\d+)_(?P<season>.+)$")\n',
    'name = recipe.DATASET_PATTERN.format(seed=1, season="x")\n',
    'own = key.dataset[:-len(key.season) - 1]\n',
    'own = dataset.endswith("_" + season)\n',
    'season = row["dataset"].rsplit("_", 1)[-1]\n',
    'label, _, season = dataset.rpartition("_")\n',
])
def test_the_dataset_name_check_catches_gluing_and_slicing(tmp_path, source):
    sample = tmp_path / "sample.py"
    sample.write_text(source)
    assert dataset_name_violations(sample)


def test_the_dataset_name_check_lets_paths_and_help_texts_pass(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('"""Writes ROIs{seed}_{season}/s1_{scene}."""\nrel = f"{dataset}/{sensor}_{scene}"\n'
                      'help = tr("ROIs{seed}_{season}/s1_{scene}/..._p{n}.png")\nx = ref.folder\n')
    assert dataset_name_violations(sample) == []


# ----- one writer under OUTPUT ----------------------------------------------------------------

# The modules that write under an extraction's OUTPUT: every write, rename and delete goes through
# fsutil.ConfinedWriter, which refuses paths (symlinks included) that resolve outside it.
CONFINED_MODULES = ("extract", "extract_blocks", "extract_job", "identity", "index", "review", "splits", "card",
                    "sources/products")
DIRECT_WRITES = ("atomic_path", "replace", "rename", "remove", "unlink", "rmtree", "mkdir", "open")


def direct_writes(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        owner = _text(func.value) if isinstance(func, ast.Attribute) else ""
        if name == "atomic_path" or (name in DIRECT_WRITES and owner in ("os", "shutil")) or \
                (isinstance(func, ast.Attribute) and name in ("unlink", "mkdir", "rename", "rmdir", "touch")):
            found.append(f"{path.name}:{node.lineno}: {_text(func)}")
    return found


def test_writes_under_output_go_through_the_confined_writer():
    found = []
    for module in CONFINED_MODULES:
        found += direct_writes(PACKAGE / "core" / f"{module}.py")
    assert not found, "direct writes (use fsutil.ConfinedWriter):\n" + "\n".join(found)


def test_the_write_check_catches_direct_writes(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nos.replace(a, b)\np.unlink()\nwith atomic_path(t) as tmp:\n    pass\n"
                      "folder.mkdir(parents=True)\nwriter.replace(a, b)\n")
    assert len(direct_writes(sample)) == 4


# ----- the faces map, the plan decides ---------------------------------------------------------

# What establishes a scene's season, seed, dataset, scene number, bands or units: only
# ``core.plan.plan_extraction`` (and the core behind it) calls these; a face that does decides
# in its own way again.
RESOLVERS = ("SEED_SEASONS", "season_for_date", "season_for_seed", "season_of", "pair_season", "resolve_pair",
             "parse_band_numbers", "parse_s1_bands", "s2_rgb_bands", "s1_scale", "s1_band_order", "s2_scale",
             "check_seed", "check_scene_number", "ExtractOptions", "DatasetRef", "scene_options", "describe_pair",
             "assess_pair", "extract_into_dataset", "extract_scene_pair", "extract_pair", "PixelChoices")


def face_decisions(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Name):
            names = [node.id]
        elif isinstance(node, ast.Attribute):
            names = [node.attr]
            if node.attr == "dataset_name" and _text(node.value) == "layout":
                names.append("layout.dataset_name")
        elif isinstance(node, ast.ImportFrom):
            names = [a.name for a in node.names]
        for name in names:
            if name in RESOLVERS or name == "layout.dataset_name":
                found.append(f"{path.name}:{node.lineno}: {name}")
    return found


def test_faces_do_not_resolve_what_the_plan_decides():
    found = []
    for face in FACES:
        for path in sorted((PACKAGE / face).rglob("*.py")):
            found += face_decisions(path)
    for path in (PACKAGE / "qgis_support.py",):
        found += face_decisions(path)
    assert not found, "faces deciding themselves (use core.plan.plan_extraction / pipeline.plan_jobs):\n" + "\n".join(found)


def test_the_face_check_catches_a_face_that_decides(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from ..core import recipe, names, sources\nseason = recipe.SEED_SEASONS.get(seed)\n"
                      "seed = names.check_seed(x)\npair = sources.resolve_pair(a, b, out)\n"
                      "from ..core.extract import ExtractOptions\nname = layout.dataset_name(s, seed)\n"
                      "ok = choice.dataset_name\n")
    assert {line.split(": ")[1] for line in face_decisions(sample)} == {
        "SEED_SEASONS", "check_seed", "resolve_pair", "ExtractOptions", "layout.dataset_name"}


def test_unit_tests_that_import_osgeo_at_the_top_skip_without_it():
    """The matrix's PyPI-rasterio venvs have no osgeo: a module-level import there is a collection
    error that stops the whole run, so such a file skips itself first (SEN12_WITHOUT_OSGEO)."""
    unit = Path(__file__).resolve().parent
    unguarded = [p.name for p in sorted(unit.glob("test_*.py"))
                 if re.search(r"^(from osgeo import|import osgeo)", p.read_text(), re.M)
                 and "SEN12_WITHOUT_OSGEO" not in p.read_text()]
    assert not unguarded, unguarded
