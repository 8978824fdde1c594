"""The engine may change how it decodes, shares and schedules; the patch files stay byte for byte the same.

``extract_reference.reference_files`` is the recipe written out plainly; ``extract_hashes.json``
holds digests of what the extractor wrote on the same scenes before issue 22, so the reference
is pinned to that engine. Every way the engine can run (one process or workers, the decoded
scene kept in memory or in a scratch file) must write exactly the reference's files and records.
"""

import json

import pytest
from extract_reference import (
    HASHES,
    SCENES,
    build,
    digest,
    environment,
    reference_files,
    result_records,
    with_workers,
    written_files,
)

from sen12_plugin.core.extract import extract_scene_pair

pytestmark = pytest.mark.needs_osgeo


@pytest.fixture(scope="module")
def scenes(tmp_path_factory):
    """Each test scene built once, with its reference files and records."""
    base = tmp_path_factory.mktemp("scenes")
    out = {}
    for name in SCENES:
        s1, s2, options = build(name, base / name)
        out[name] = (s1, s2, options, *reference_files(s1, s2, options))
    return out


@pytest.mark.parametrize("name", sorted(SCENES))
def test_the_reference_writes_what_the_engine_wrote_before(scenes, name):
    env = environment()
    recorded = [r for r in json.loads(HASHES.read_text())["recorded"] if r["environment"] == env]
    if not recorded:
        pytest.skip(f"no digests recorded for {env}: the reference alone is compared")
    s1, s2, options, files, records = scenes[name]
    now, then = digest(files, records), recorded[0]["scenes"][name]
    assert {k: v for k, v in now.items() if k != "records"} == {k: v for k, v in then.items() if k != "records"}


# (workers, memory budget in MB): one process in memory, workers in memory, workers on a scratch file
WAYS = {"inline": (1, None), "workers": (2, None), "scratch-file": (2, 0), "inline-scratch-file": (1, 0)}


@pytest.mark.parametrize("way", sorted(WAYS))
@pytest.mark.parametrize("name", sorted(SCENES))
def test_patch_files_are_byte_identical(scenes, name, way, tmp_path):
    from dataclasses import replace

    s1, s2, options, files, records = scenes[name]
    workers, budget = WAYS[way]
    options = with_workers(options, workers)
    if budget is not None:
        options = replace(options, memory_budget_mb=budget)
    result = extract_scene_pair(s1, s2, tmp_path / "out", options)
    got = written_files(tmp_path / "out")
    assert sorted(got) == sorted(files)
    differing = [n for n in files if got[n] != files[n]]
    assert not differing, f"{len(differing)} files differ, e.g. {differing[:3]}"
    assert result_records(result) == records
