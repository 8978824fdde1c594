"""``sen12:extract_patches`` exposes the in-memory budget of the decoded scene (issue 22): an advanced
parameter, its default the core's, mapped onto ``ExtractOptions.memory_budget_mb`` unchanged."""

import processing
import pytest
from helpers import scene_pair
from qgis.core import QgsApplication, QgsProcessingParameterDefinition

from sen12_plugin.core import extract
from sen12_plugin.core.decoded import DEFAULT_MEMORY_BUDGET_MB


def test_memory_budget_is_an_advanced_parameter_with_the_cores_default(sen12_provider):
    alg = QgsApplication.processingRegistry().algorithmById("sen12:extract_patches")
    param = alg.parameterDefinition("MEMORY_BUDGET_MB")
    assert param is not None, "MEMORY_BUDGET_MB is not a parameter of sen12:extract_patches"
    assert param.flags() & QgsProcessingParameterDefinition.Flag.FlagAdvanced
    assert param.defaultValue() == DEFAULT_MEMORY_BUDGET_MB
    assert param.minimum() == 0


@pytest.mark.parametrize("budget", [0, 64])
def test_the_budget_reaches_the_decoded_scene(sen12_provider, tmp_path, monkeypatch, budget):
    seen = []
    real = extract.SceneStore

    def store(specs, out, budget_mb):
        seen.append(budget_mb)
        return real(specs, out, budget_mb)

    monkeypatch.setattr(extract, "SceneStore", store)
    s1, s2, *_ = scene_pair(tmp_path, 520, 600)
    out = tmp_path / "dataset"
    result = processing.run("sen12:extract_patches", {"S1": str(s1), "S2": str(s2), "OUTPUT": str(out), "SEED": 1970,
                                                      "SCENE_ID": 12, "MEMORY_BUDGET_MB": budget})
    assert result["WRITTEN"] == 9
    assert seen == [budget]
    assert not list(out.glob(".sen12-scratch*")), "the scratch file outlived the run"
