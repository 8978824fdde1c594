"""Python 3.9 readiness: no syntax or runtime constructs newer than 3.9 in the plugin.

QGIS 3.22-3.32 on Windows ships Python 3.9, and ``metadata.txt`` promises 3.22. A plugin that
uses 3.10+ syntax fails to load there, so this lint refuses:

- syntax newer than 3.9 (``match``, ``except*``, ``type X = ...``, generic ``def f[T]``), by
  parsing with ``feature_version=(3, 9)`` (on a real 3.9 the parser refuses them anyway);
- a ``X | Y`` union that Python evaluates at run time: outside annotations (``Alias = A | B``,
  ``isinstance(x, int | str)``, ``cast(A | None, x)``) or in annotations of a module without
  ``from __future__ import annotations`` (those are evaluated when the ``def`` runs);
- library calls and names added after 3.9 (``zip(strict=)``, ``dataclass(slots=/kw_only=)``,
  ``typing.TypeAlias``, ``itertools.pairwise``, ``datetime.UTC``, ``tomllib``, ...).

A ``|`` counts as a type union when one side is ``None``, a builtin type, a subscripted type
(``list[int]``), or a capitalised name or attribute (``PolygonMask``, ``np.ndarray``, ``ee.Image``);
bitwise ``|`` on arrays and flags (lower-case names, numbers, calls) is left alone.
Exits 1 and lists the lines to fix.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

BUILTIN_TYPES = {"int", "float", "complex", "str", "bytes", "bytearray", "bool", "list", "dict", "set",
                 "frozenset", "tuple", "type", "object", "range", "memoryview", "slice"}
# Lower-case types reached by attribute, common in this code base.
LOWER_CASE_TYPE_ATTRIBUTES = {"ndarray", "dtype", "generic", "date", "datetime", "timedelta"}
NEWER_NAMES = {
    "typing": {"TypeAlias": "3.10", "ParamSpec": "3.10", "Concatenate": "3.10", "TypeGuard": "3.10",
               "is_typeddict": "3.10", "Self": "3.11", "Never": "3.11", "LiteralString": "3.11",
               "Required": "3.11", "NotRequired": "3.11", "Unpack": "3.11", "TypeVarTuple": "3.11",
               "assert_never": "3.11", "assert_type": "3.11", "reveal_type": "3.11",
               "dataclass_transform": "3.11", "override": "3.12", "TypeAliasType": "3.12"},
    "itertools": {"pairwise": "3.10", "batched": "3.12"},
    "datetime": {"UTC": "3.11"},
    "enum": {"StrEnum": "3.11", "ReprEnum": "3.11", "verify": "3.11", "EnumCheck": "3.11"},
    "contextlib": {"aclosing": "3.10", "chdir": "3.11"},
    "asyncio": {"TaskGroup": "3.11", "timeout": "3.11"},
}
NEWER_MODULES = {"tomllib": "3.11"}
NEWER_KEYWORDS = {"zip": {"strict": "3.10"}, "dataclass": {"slots": "3.10", "kw_only": "3.10", "match_args": "3.10"}}


def _looks_like_type(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return node.value is None or isinstance(node.value, str)  # None, or a forward reference
    if isinstance(node, ast.Name):
        # Capitalised names are classes; ALL_CAPS names are constants (FLAG_A | FLAG_B is a value).
        return node.id in BUILTIN_TYPES or (node.id[:1].isupper() and not node.id.isupper())
    if isinstance(node, ast.Attribute):
        # module.Type (np.ndarray, ee.Image); Class.Member and deeper chains are enum flags (Qt.AlignLeft)
        return (isinstance(node.value, ast.Name) and node.value.id[:1].islower()
                and ((node.attr[:1].isupper() and not node.attr.isupper())  # os.O_RDWR is a constant
                     or node.attr in LOWER_CASE_TYPE_ATTRIBUTES))
    if isinstance(node, ast.Subscript):
        return _looks_like_type(node.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _looks_like_type(node.left) or _looks_like_type(node.right)
    return False


def _is_union(node: ast.AST) -> bool:
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr)):
        return False
    if isinstance(node.left, ast.Call) or isinstance(node.right, ast.Call):
        return False  # a call's result is a value (param.flags() | Flag.X), not a type
    return _looks_like_type(node.left) or _looks_like_type(node.right)


def _annotation_nodes(tree: ast.AST) -> set[int]:
    """ids of every node inside an annotation (arguments, returns, annotated assignments)."""
    inside: set[int] = set()

    def mark(annotation):
        if annotation is not None:
            inside.update(id(n) for n in ast.walk(annotation))

    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = node.args
            for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
                if arg is not None:
                    mark(arg.annotation)
            mark(node.returns)
        elif isinstance(node, ast.AnnAssign):
            mark(node.annotation)
    return inside


def _has_future_annotations(tree: ast.Module) -> bool:
    return any(isinstance(node, ast.ImportFrom) and node.module == "__future__"
               and any(alias.name == "annotations" for alias in node.names) for node in tree.body)


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def problems(source: str):
    """(line, message) for every construct that breaks on Python 3.9."""
    try:
        tree = ast.parse(source, feature_version=(3, 9))
    except SyntaxError as exc:
        yield exc.lineno or 0, f"syntax newer than Python 3.9: {exc.msg}"
        return
    annotations = _annotation_nodes(tree)
    deferred = _has_future_annotations(tree)
    for node in ast.walk(tree):
        if _is_union(node):
            if id(node) not in annotations:
                yield node.lineno, "X | Y union evaluated at run time (TypeError on Python 3.9): use typing.Union/Optional"
            elif not deferred:
                yield node.lineno, "X | Y annotation without `from __future__ import annotations` fails on Python 3.9"
        elif isinstance(node, ast.Call):
            newer = NEWER_KEYWORDS.get(_call_name(node), {})
            for keyword in node.keywords:
                if keyword.arg in newer:
                    yield node.lineno, f"{_call_name(node)}({keyword.arg}=...) needs Python {newer[keyword.arg]}"
        elif isinstance(node, ast.ImportFrom) and node.module in NEWER_NAMES:
            for alias in node.names:
                if alias.name in NEWER_NAMES[node.module]:
                    yield node.lineno, f"{node.module}.{alias.name} needs Python {NEWER_NAMES[node.module][alias.name]}"
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.attr in NEWER_NAMES.get(node.value.id, {}):
                yield node.lineno, f"{node.value.id}.{node.attr} needs Python {NEWER_NAMES[node.value.id][node.attr]}"
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            for name in names:
                if name.split(".")[0] in NEWER_MODULES:
                    yield node.lineno, f"module {name} needs Python {NEWER_MODULES[name.split('.')[0]]}"


def main(roots) -> int:
    found = 0
    for root in roots:
        for path in sorted(Path(root).rglob("*.py")):
            if "data" in path.parts or "_vendor" in path.parts:
                continue
            # a | b | c nests unions: one report per line and message is enough
            for line, text in sorted(set(problems(path.read_text(encoding="utf-8")))):
                print(f"{path}:{line}: {text}")
                found += 1
    print(f"py39 lint: {found} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["sen12_plugin"]))
