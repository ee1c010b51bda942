"""Workshop mode: participants share placements; the dashboard and the CLI summarise them."""

import json
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from trustgrid.grid import OTHERS, SUGGESTED, YOU
from trustgrid.notebook import Session
from trustgrid.work import WorkStore
from trustgrid.workshop import write_response

from .conftest import ROOT


@pytest.fixture
def responses(tmp_path):
    folder = tmp_path / "responses"
    write_response(folder, "Ann", {"trusted_team_leader": {"competence": 8, "caring": 8},
                                   "popular_project_lead": {"competence": 2, "caring": 9}})
    write_response(folder, "Ben", {"trusted_team_leader": {"competence": 9, "caring": 9},
                                   "popular_project_lead": {"competence": 8, "caring": 3}})
    write_response(folder, "Cy <img src=x onerror=alert(1)>", {"popular_project_lead": {"competence": 5, "caring": 5}})
    (folder / "corrupt.json").write_text("{nope")
    (folder / "foreign.json").write_text(json.dumps({"format": "something-else"}))
    return folder


def test_dashboard_shows_each_scenario_most_disputed_first(responses, tmp_path):
    board = Session("dash", store=WorkStore(tmp_path / "work")).dashboard(str(responses))
    assert board.choice.value == "popular_project_lead"  # the most disagreement
    assert sorted(board.figure.data[OTHERS].x) == [2, 5, 8]
    assert board.figure.data[YOU].x == (5,)  # the group median
    assert "&lt;img" in " ".join(board.figure.data[OTHERS].text)
    assert "<strong>3</strong> people placed" in board.summary.html
    assert board.figure.data[SUGGESTED].visible is False
    board.show_suggested.value = True
    assert board.figure.data[SUGGESTED].visible is True and "Suggested placement" in board.summary.html
    board.choice.value = "trusted_team_leader"
    assert sorted(board.figure.data[OTHERS].x) == [8, 9]
    assert "corrupt.json" in board.problems.value and "foreign.json" in board.problems.value


def test_refresh_picks_up_new_files_and_uploads(responses, tmp_path):
    board = Session("dash", store=WorkStore(tmp_path / "work")).dashboard(str(responses))
    write_response(responses, "Dee", {"trusted_team_leader": {"competence": 1, "caring": 1}})
    board.refresh_button.click()
    board.choice.value = "trusted_team_leader"
    assert len(board.figure.data[OTHERS].x) == 3
    other = tmp_path / "elsewhere"
    path = write_response(other, "Eve", {"trusted_team_leader": {"competence": 2, "caring": 2}})
    board.upload.value = ({"name": "../../" + path.name, "content": memoryview(path.read_bytes()),
                           "type": "application/json", "size": path.stat().st_size,
                           "last_modified": datetime.now(timezone.utc)},)
    assert len(board.figure.data[OTHERS].x) == 4


def test_share_writes_a_response_from_saved_placements(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTGRID_RESPONSES_DIR", str(tmp_path / "shared"))
    session = Session("01_what_is_trust", store=WorkStore(tmp_path / "work"))
    session.place("trusted_team_leader").grid.competence.value = 7
    share = session.share()
    name, button, feedback = share.children
    name.value = "   "
    button.click()
    assert "Not shared" in feedback.html
    name.value = "Sam"
    button.click()
    [written] = (tmp_path / "shared").glob("*.json")
    assert json.loads(written.read_text())["placements"] == {"trusted_team_leader": {"competence": 7, "caring": 5}}
    assert "Shared 1 placement as <strong>Sam</strong>" in feedback.html and "download=" in feedback.html


def test_cli_aggregate_prints_the_table_and_lists_skipped_files(responses):
    run = subprocess.run([sys.executable, "-m", "trustgrid", "aggregate", str(responses), "--format", "csv"],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 0
    rows = run.stdout.splitlines()
    assert rows[0].startswith("scenario,n,median_competence,median_caring,spread")
    assert rows[1].startswith("popular_project_lead,3,5.0,5.0,")
    assert "corrupt.json: skipped" in run.stderr
    missing = subprocess.run([sys.executable, "-m", "trustgrid", "aggregate", str(responses / "nope")],
                             capture_output=True, text=True, cwd=ROOT, check=False)
    assert missing.returncode == 2 and "no such folder" in missing.stderr


def test_uploads_with_hostile_names_stay_in_the_upload_folder(responses, tmp_path):
    board = Session("dash", store=WorkStore(tmp_path / "work")).dashboard(str(responses))
    path = write_response(tmp_path / "x", "Fay", {"trusted_team_leader": {"competence": 3, "caring": 3}})
    now = datetime.now(timezone.utc)
    board.upload.value = tuple(
        {"name": name, "content": memoryview(path.read_bytes()), "type": "application/json",
         "size": 1, "last_modified": now}
        for name in ("a\x00b.json", "x" * 5000 + ".json", "", "/etc/passwd"))
    stored = sorted(p.name for p in board.uploads.iterdir())
    assert len(stored) == 4 and all(p.parent == board.uploads for p in board.uploads.iterdir())
    assert stored[0].startswith("upload-001-")


def test_names_show_on_the_grid_for_a_small_group_and_on_hover_for_a_large_one(tmp_path):
    folder = tmp_path / "many"
    for i in range(12):
        write_response(folder, f"Person {i}", {"trusted_team_leader": {"competence": i % 10, "caring": 5}})
    board = Session("dash", store=WorkStore(tmp_path / "work")).dashboard(str(folder))
    assert board.figure.data[OTHERS].mode == "markers"
    assert "Person 3" in " ".join(board.figure.data[OTHERS].hovertext)
    small = Session("dash", store=WorkStore(tmp_path / "work")).dashboard(str(tmp_path / "none"))
    write_response(tmp_path / "none", "Ann", {"trusted_team_leader": {"competence": 8, "caring": 8}})
    small.refresh_button.click()
    assert small.figure.data[OTHERS].mode == "markers+text"


@pytest.fixture
def own_regions(tmp_path):
    """A new course whose regions have their own names, and a threshold of 6."""
    folder = tmp_path / "course"
    assert subprocess.run([sys.executable, "-m", "trustgrid", "new-course", str(folder)],
                          check=False, capture_output=True, cwd=ROOT).returncode == 0
    regions = folder / "regions.yaml"
    text = regions.read_text(encoding="utf-8").replace("threshold: 5\n", "threshold: 6\n")
    for old, new in [("Trust", "Trusted"), ("Respect", "Admired"), ("Goodwill", "Liked"),
                     ("Low trust", "Doubted")]:
        text = text.replace(f"name: {old}\n", f"name: {new}\n")
    regions.write_text(text, encoding="utf-8")
    return folder


def test_cli_aggregate_uses_the_course_region_names_and_threshold(responses, own_regions):
    def aggregate(fmt):
        run = subprocess.run([sys.executable, "-m", "trustgrid", "aggregate", str(responses),
                              "--data", str(own_regions), "--format", fmt],
                             check=False, capture_output=True, text=True, cwd=ROOT)
        assert run.returncode == 0, run.stderr
        return run.stdout

    text = aggregate("text")
    assert text.splitlines()[0].split() == ["Scenario", "n", "Competence", "Caring", "Spread",
                                            "Trusted", "Admired", "Liked", "Doubted"]
    assert not {"Trust", "Respect", "Goodwill", "Low"} & set(text.split())
    header, first = aggregate("csv").splitlines()[:2]
    assert header == "scenario,n,median_competence,median_caring,spread,Trusted,Admired,Liked,Doubted"
    assert first.endswith(",0.0,0.3333,0.3333,0.3333")  # (5, 5) is below the course's 6
    rows = json.loads(aggregate("json"))
    assert rows[0]["scenario"] == "popular_project_lead" and rows[0]["threshold"] == 6
    assert rows[0]["shares"] == {"Trusted": 0, "Admired": pytest.approx(1 / 3),
                                 "Liked": pytest.approx(1 / 3), "Doubted": pytest.approx(1 / 3)}


def test_group_summary_uses_the_course_region_names(responses, own_regions, tmp_path, capsys):
    session = Session("dash", str(own_regions), store=WorkStore(tmp_path / "work"))
    session.group_summary(str(responses))
    header = capsys.readouterr().out.splitlines()[0]
    assert header.split()[-4:] == ["Trusted", "Admired", "Liked", "Doubted"]
