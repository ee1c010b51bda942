"""Every misuse of every trustgrid command: one line that says where and what, and an exit
status (2: cannot be used; 1: the course data has problems). Never a traceback.

Each row of MISUSE runs the command with the arguments shown, after the names in braces
are made in a fresh folder (see ``places``), and gives the exit status and a part of the
last line printed on stderr. A command that refuses writes nothing. Every row runs through
``trustgrid.cli.main`` (an exception escaping it would be a traceback); a sample also runs
as ``python -m trustgrid``, with the real streams.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from trustgrid.workshop import write_response

from .conftest import ROOT

GOOD = ROOT / "tests" / "data" / "good" / "course"
MISNAMED = ROOT / "tests" / "data" / "bad" / "folders" / "scenarios-misnamed"
SCORES = "the threshold must be"

MISUSE = [
    # arguments                                              status  in the last line of stderr
    ([],                                                         2, "the following arguments are required: COMMAND"),
    (["frobnicate"],                                             2, "invalid choice: 'frobnicate'"),

    (["validate"],                                               2, "the following arguments are required: FILE"),
    (["validate", "{missing}"],                                  2, "{missing}: no such file"),
    (["validate", ""],                                           2, "argument FILE: an empty name is not a file or folder"),
    (["validate", "{latin1}/scenarios.yaml"],                    2, "caf\\xe9/scenarios.yaml: no such file"),
    (["validate", "{locked}"],                                   2, "{locked}: cannot read the folder: Permission denied"),
    (["validate", "{locked}/scenarios.yaml"],                    2, "{locked}/scenarios.yaml: cannot read: Permission denied"),
    (["validate", "{long}"],                                     2, "{long}: cannot read: File name too long"),
    (["validate", "{misnamed}"],                                 1, "1 problem found."),
    (["validate", "--strict", "{course}"],                       2, "unrecognized arguments: --strict"),

    (["aggregate"],                                              2, "the following arguments are required: DIR"),
    (["aggregate", "{responses}", "--threshold", "11"],          2, f"argument --threshold: {SCORES} from 0 to 10; 11.0 is out of range"),
    (["aggregate", "{responses}", "--threshold", "10.5"],        2, f"argument --threshold: {SCORES} from 0 to 10; 10.5 is out of range"),
    (["aggregate", "{responses}", "--threshold", "-1"],          2, f"argument --threshold: {SCORES} from 0 to 10; -1.0 is out of range"),
    (["aggregate", "{responses}", "--threshold", "nan"],         2, f"argument --threshold: {SCORES} a number from 0 to 10, not nan"),
    (["aggregate", "{responses}", "--threshold", "inf"],         2, f"argument --threshold: {SCORES} a number from 0 to 10, not inf"),
    (["aggregate", "{responses}", "--threshold=-inf"],           2, f"argument --threshold: {SCORES} a number from 0 to 10, not -inf"),
    (["aggregate", "{responses}", "--threshold", "1e400"],       2, f"argument --threshold: {SCORES} a number from 0 to 10, not inf"),
    (["aggregate", "{responses}", "--threshold", "abc"],         2, f"argument --threshold: {SCORES} a number from 0 to 10, not 'abc'"),
    (["aggregate", "{responses}", "--threshold", ""],            2, f"argument --threshold: {SCORES} a number from 0 to 10, not ''"),
    (["aggregate", "{responses}", "--threshold"],                2, "argument --threshold: expected one argument"),
    (["aggregate", "{responses}", "--format", "xlsx"],           2, "argument --format: invalid choice: 'xlsx'"),
    (["aggregate", "{missing}"],                                 2, "{missing}: no such folder"),
    (["aggregate", "{file}"],                                    2, "{file}: is a file, not a folder"),
    (["aggregate", "{file}/responses"],                          2, "{file}/responses: no such folder"),
    (["aggregate", ""],                                          2, "argument DIR: an empty name is not a file or folder"),
    (["aggregate", "{latin1}"],                                  2, "caf\\xe9: no such folder"),
    (["aggregate", "{long}"],                                    2, "{long}: cannot read the folder: File name too long"),
    (["aggregate", "{locked}"],                                  2, "{locked}: cannot read the folder: Permission denied"),
    (["aggregate", "{responses}", "--data", "{missing}"],        2, "{missing}: course data folder does not exist"),
    (["aggregate", "{responses}", "--data", "{file}"],           2, "{file}: is a file, not a course data folder"),
    (["aggregate", "{responses}", "--data", ""],                 2, "argument --data: an empty name is not a file or folder"),
    (["aggregate", "{responses}", "--data", "{misnamed}"],       1, "{misnamed}/scenario.yaml: not a course file; did you mean scenarios.yaml?"),
    (["aggregate", "{responses}", "--data", "{long}"],           2, "{long}: cannot read the folder: File name too long"),
    (["aggregate", "{responses}", "--data", "x" * 300],          2, "cannot read the folder: File name too long"),
    (["aggregate", "{responses}", "--data", "{locked}"],         2, "{locked}: cannot read the folder: Permission denied"),

    (["handout"],                                                2, "the following arguments are required: --out"),
    (["handout", "--out", ""],                                   2, "argument --out: an empty name is not a file or folder"),
    (["handout", "--out", "{file}"],                             2, "{file}: is a file, not a folder"),
    (["handout", "--out", "{file}/site"],                        2, "{file}"),
    (["handout", "--out", "{tmp}/site", "--data", "{missing}"],  2, "{missing}: course data folder does not exist"),
    (["handout", "--out", "{tmp}/site", "--data", "{file}"],     2, "{file}: is a file, not a course data folder"),
    (["handout", "--out", "{tmp}/site", "--data", "{misnamed}"], 1, "{misnamed}/scenario.yaml: not a course file"),
    (["handout", "--out", "{locked}/site"],                      2, "Permission denied"),
    (["handout", "--out", "{tmp}/site", "--edition", "teacher"], 2, "argument --edition: invalid choice: 'teacher'"),

    (["edition", "teacher", "--out", "{tmp}/e"],                 2, "argument KIND: invalid choice: 'teacher'"),
    (["edition", "learner"],                                     2, "the following arguments are required: --out"),
    (["edition", "learner", "--out", ""],                        2, "argument --out: an empty name is not a file or folder"),
    (["edition", "learner", "--out", "{file}"],                  2, "{file}: is a file, not a folder"),
    (["edition", "learner", "--out", "{file}/e"],                2, "{file}"),
    (["edition", "learner", "--out", "{tmp}/e", "--data", "{missing}"], 2, "{missing}: course data folder does not exist"),
    (["edition", "learner", "--out", "{tmp}/e", "--data", "{file}"], 2, "{file}: is a file, not a course data folder"),
    (["edition", "learner", "--out", "{tmp}/e", "--data", "{misnamed}"], 1, "{misnamed}/scenario.yaml: not a course file"),
    (["edition", "learner", "--out", "{locked}/e"],              2, "Permission denied"),

    (["new-course"],                                             2, "the following arguments are required: DIR"),
    (["new-course", ""],                                         2, "argument DIR: an empty name is not a file or folder"),
    (["new-course", "{file}"],                                   2, "{file}: already exists and is not an empty folder"),
    (["new-course", "{course}"],                                 2, "{course}: already exists and is not an empty folder"),
    (["new-course", "{file}/mine"],                              2, "{file}/mine: cannot make the course folder here: Not a directory"),
    (["new-course", "{long}"],                                   2, "{long}: cannot make the course folder here: File name too long"),
    (["new-course", "{locked}/mine"],                            2, "{locked}/mine: cannot make the course folder here: Permission denied"),
]


@pytest.fixture
def places(tmp_path):
    """The names the rows use, made afresh for each row."""
    (tmp_path / "a-file.txt").write_text("not a folder\n", encoding="utf-8")
    shutil.copytree(GOOD, tmp_path / "course")
    shutil.copytree(MISNAMED, tmp_path / "misnamed")
    write_response(tmp_path / "responses", "Ann", {"lab_lead": {"competence": 8, "caring": 3}})
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "scenarios.yaml").write_text("scenarios: []\n", encoding="utf-8")
    (tmp_path / "locked").chmod(0)
    yield {"tmp": str(tmp_path), "file": str(tmp_path / "a-file.txt"),
           "missing": str(tmp_path / "missing"), "course": str(tmp_path / "course"),
           "misnamed": str(tmp_path / "misnamed"), "responses": str(tmp_path / "responses"),
           "locked": str(tmp_path / "locked"), "long": str(tmp_path / ("x" * 300)),
           "latin1": os.fsdecode(bytes(tmp_path) + b"/caf\xe9")}
    (tmp_path / "locked").chmod(0o755)


def readable(folder: Path) -> bool:
    try:
        os.listdir(folder)
    except PermissionError:
        return False
    return True


def everything_in(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*"))


def trustgrid(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "trustgrid", *args], check=False, cwd=cwd,
                          capture_output=True, text=True, errors="backslashreplace", timeout=300)


def in_process(args: list[str], capsys) -> subprocess.CompletedProcess:
    from trustgrid.cli import main

    try:
        status = main(args)
    except SystemExit as exc:  # argparse's usage errors
        status = exc.code
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(args, status, out, err)


ROWS = [pytest.param(*row, id=" ".join(row[0]) or "(nothing)") for row in MISUSE]
SAMPLE = [row for row in ROWS if row.id in {
    "aggregate {responses} --threshold 11", "aggregate {latin1}", "validate {missing}",
    "new-course {file}/mine", "handout --out {file}/site", "edition teacher --out {tmp}/e"}]


@pytest.mark.parametrize(("args", "status", "message"), ROWS)
def test_misuse_is_one_line_and_an_exit_status(places, tmp_path, monkeypatch, capsys,
                                               args, status, message):
    monkeypatch.chdir(tmp_path)
    misuse(places, tmp_path, args, status, message, lambda argv: in_process(argv, capsys))


@pytest.mark.parametrize(("args", "status", "message"), SAMPLE)
def test_misuse_of_the_real_command(places, tmp_path, args, status, message):
    misuse(places, tmp_path, args, status, message, lambda argv: trustgrid(*argv, cwd=tmp_path))


def misuse(places, tmp_path, args, status, message, run_it) -> None:
    if "{locked}" in " ".join(args) and readable(Path(places["locked"])):
        pytest.skip("this user (root) can read a folder whatever its permissions")
    (tmp_path / "locked").chmod(0o755)
    before = everything_in(tmp_path)
    (tmp_path / "locked").chmod(0)
    run = run_it([arg.format(**places) for arg in args])
    lines = run.stderr.splitlines()
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == status, run.stderr
    assert 1 <= len(lines) <= 5, run.stderr
    assert message.format(**places) in lines[-1]
    assert run.stdout == ""
    (tmp_path / "locked").chmod(0o755)
    assert everything_in(tmp_path) == before  # refused, so nothing was written


def test_every_command_has_misuse_rows():
    commands = {args[0] for args, _, _ in MISUSE if args}
    assert commands >= {"validate", "aggregate", "handout", "edition", "new-course"}


def test_a_name_that_is_not_utf8_works_and_is_shown(tmp_path):
    name = os.fsdecode(bytes(tmp_path) + b"/caf\xe9")
    made = trustgrid("new-course", name, cwd=tmp_path)
    assert made.returncode == 0 and made.stderr == ""
    assert made.stdout.startswith(f"Made a new course in {tmp_path}/caf\\xe9: ")
    checked = trustgrid("validate", name, cwd=tmp_path)
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "All good: 1 checked.\n", "")
    responses = os.fsdecode(bytes(tmp_path) + b"/r\xe9ponses")
    write_response(responses, "Ann", {"lab_lead": {"competence": 8, "caring": 3}})
    table = trustgrid("aggregate", responses, "--data", name, "--format", "json", cwd=tmp_path)
    assert table.returncode == 0 and table.stderr == ""
    assert json.loads(table.stdout)[0]["scenario"] == "lab_lead"
