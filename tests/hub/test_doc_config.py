"""docs/DEPLOYING.md and the hub the tests run agree: the same settings file, the same
responses folder, the same permissions on it."""

from __future__ import annotations

import re
from pathlib import Path

import hub as hubs
import yaml
from traitlets.config import Config

DOC_RESPONSES = f"{hubs.DOC_ROOT}/responses"


def _run_doc_config() -> Config:
    c = Config()
    # The doc's own settings file, run as JupyterHub runs it.
    exec(compile(hubs.doc_config(), "DEPLOYING.md: jupyterhub_config.d/trustgrid.py", "exec"),  # noqa: S102
         {"c": c})
    return c


def test_the_doc_config_shares_one_responses_folder():
    c = _run_doc_config()
    assert c.Spawner.environment == {"TRUSTGRID_RESPONSES_DIR": DOC_RESPONSES}


def test_the_doc_config_keeps_kernels_off_shared_ports():
    # Twenty kernels started at once over TCP were seen to be handed the same port (the load
    # test's kernel never answered); over IPC each kernel's sockets are files of its own.
    assert _run_doc_config().Spawner.args == ["--KernelManager.transport=ipc"]


def test_the_test_hub_runs_the_doc_config_as_written(tmp_path):
    written = hubs.hub_config(tmp_path / "hub", 8000, ["node", "chp"], Path("/venv"), "t" * 48,
                              ["tg-x"], tmp_path)
    moved = hubs.doc_config().replace(hubs.DOC_ROOT, str(tmp_path / "srv" / "trustgrid"))
    assert written.startswith(moved), "the test hub's settings must begin with the doc's file"
    # and nothing after it sets the responses folder again
    assert "TRUSTGRID_RESPONSES_DIR" not in written[len(moved):]


def test_zero_to_jupyterhub_mounts_the_folder_it_names():
    text = hubs.DEPLOYING.read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", text, re.DOTALL)
    assert block, "DEPLOYING.md gives no config.yaml for Zero to JupyterHub"
    singleuser = yaml.safe_load(block.group(1))["singleuser"]
    assert singleuser["extraEnv"] == {"TRUSTGRID_RESPONSES_DIR": DOC_RESPONSES}
    mounts = [m["mountPath"] for m in singleuser["storage"]["extraVolumeMounts"]]
    assert mounts == [DOC_RESPONSES]


def test_the_doc_makes_the_folder_as_the_test_hub_does():
    text = hubs.DEPLOYING.read_text(encoding="utf-8")
    assert f"sudo groupadd {hubs.FACILITATORS}\n" in text
    assert f"sudo chown root:{hubs.FACILITATORS} {DOC_RESPONSES}\n" in text
    assert f"sudo chmod {hubs.RESPONSES_MODE:o} {DOC_RESPONSES}\n" in text
