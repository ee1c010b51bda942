import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from trustgrid.data import DEFAULT_DATA, load_course, validate_paths
from trustgrid.errors import DataError

from .conftest import GOOD_COURSE, ROOT

BAD = Path(__file__).parent / "data" / "bad"

# Every bad content file and the exact lines the validator must print for it, kept with the
# corpus in tests/data/bad/expected.yaml (tests/test_bad_corpus.py checks the other parts).
EXPECTED = {name: [line.replace("{default}/", str(DEFAULT_DATA) + os.sep) for line in lines]
            for name, lines in yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))
            ["content"].items()}


def test_every_bad_file_has_an_expectation():
    assert sorted(p.name for p in BAD.glob("*.yaml") if p.name != "expected.yaml") == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_gives_exact_messages(name):
    problems = validate_paths([BAD / name])
    assert [str(p) for p in problems] == [f"{BAD / name}:{line}" for line in EXPECTED[name]]


def test_default_course_is_valid_and_complete():
    course = load_course(DEFAULT_DATA)
    assert len(course.behaviours) == 10
    assert {b.group for b in course.behaviours.values()} == {"trust", "relationship"}
    assert len(course.scenarios) >= 4
    regions = {course.regions.of(s.suggested).key for s in course.scenarios.values()}
    assert regions == {"trust", "respect", "goodwill", "low_trust"}


def test_data_files_name_their_schema_on_the_first_line():
    for path in DEFAULT_DATA.glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=schema/{path.stem}.schema.json", path


def test_good_course_loads_with_its_own_region_names(good_course):
    assert [r.name for r in good_course.regions] == ["Trusted", "Respected", "Liked", "Doubted"]
    assert good_course.scenarios["lab_lead"].suggested.competence == 8


def test_load_course_reports_a_missing_folder(tmp_path):
    with pytest.raises(DataError) as info:
        load_course(tmp_path / "nowhere")
    assert str(info.value) == f"{tmp_path / 'nowhere'}: course data folder does not exist"


def test_a_course_folder_falls_back_to_default_files(tmp_path):
    (tmp_path / "scenarios.yaml").write_text((GOOD_COURSE / "scenarios.yaml").read_text()
                                             .replace("keep_word", "keep_your_word")
                                             .replace("be_honest", "tell_the_truth"))
    course = load_course(tmp_path)
    assert set(course.scenarios) == {"lab_lead", "new_tutor"}
    assert course.regions.by_key["trust"].name == "Trust"  # from the default regions.yaml


def test_load_course_is_cached_until_a_file_changes(tmp_path):
    target = tmp_path / "scenarios.yaml"
    target.write_text((GOOD_COURSE / "scenarios.yaml").read_text().replace("keep_word", "keep_your_word")
                      .replace("be_honest", "tell_the_truth"))
    first = load_course(tmp_path)
    assert load_course(tmp_path) is first
    target.write_text(target.read_text().replace("The lab lead\n", "The head of the lab\n"))
    assert load_course(tmp_path).scenarios["lab_lead"].title == "The head of the lab"


def run_cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "trustgrid", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=60, **kw, check=False)


def test_cli_valid_files_exit_0():
    result = run_cli("validate", *sorted(str(p) for p in DEFAULT_DATA.glob("*.yaml")))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_cli_invalid_file_exits_1_with_one_line_per_problem():
    result = run_cli("validate", str(BAD / "scenarios-unknown-field.yaml"))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[:2] == [f"{BAD / 'scenarios-unknown-field.yaml'}:{e}" for e in EXPECTED["scenarios-unknown-field.yaml"]]
    assert lines[2] == "2 problems found."
    assert "Traceback" not in result.stderr


def test_cli_unreadable_file_or_bad_usage_exits_2(tmp_path):
    result = run_cli("validate", str(tmp_path / "missing.yaml"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"{tmp_path / 'missing.yaml'}: no such file"
    assert run_cli("frobnicate").returncode == 2
    assert run_cli().returncode == 2


def test_cli_huge_file_is_refused_quickly(tmp_path):
    huge = tmp_path / "scenarios.yaml"
    huge.write_bytes(b"scenarios:\n" + b"  - x\n" * 3_000_000)
    started = time.perf_counter()
    problems = validate_paths([huge])
    assert time.perf_counter() - started < 1
    assert [str(p) for p in problems] == [f"{huge}: file is 18.0 MB; the limit is 17 MB"]


def test_alias_bomb_is_refused_quickly(tmp_path):
    bomb = tmp_path / "scenarios.yaml"
    rows = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    rows += [f"a{i}: &a{i} [{', '.join([f'*a{i-1}'] * 9)}]" for i in range(1, 10)]
    bomb.write_text("\n".join(rows) + "\n")
    started = time.perf_counter()
    problems = validate_paths([bomb])
    assert time.perf_counter() - started < 1
    assert [p.message for p in problems] == [
        "YAML anchors and aliases (&name, *name) are not allowed; write the value out in full"]


def test_a_misnamed_file_in_a_new_course_is_an_error_not_the_default(tmp_path):
    folder = tmp_path / "my-course"
    assert run_cli("new-course", str(folder)).returncode == 0
    (folder / "scenarios.yaml").rename(folder / "scenario.yaml")
    result = run_cli("validate", str(folder))
    assert result.returncode == 1
    line = (f"{folder / 'scenario.yaml'}: not a course file; did you mean scenarios.yaml? (course "
            "files: action_plan.yaml, behaviours.yaml, case_study.yaml, colleagues.yaml, course.yaml, "
            "dialogues.yaml, ledger.yaml, listening.yaml, quiz.yaml, recall.yaml, reflections.yaml, regions.yaml, "
            "scenarios.yaml)")
    assert result.stderr.splitlines()[0] == line
    assert "Traceback" not in result.stderr and "All good" not in result.stdout
    with pytest.raises(DataError) as caught:
        load_course(folder)
    assert str(caught.value).splitlines()[0] == line
    (folder / "scenario.yaml").rename(folder / "scenarios.yml")
    with pytest.raises(DataError) as caught:
        load_course(folder)
    assert str(caught.value).startswith(f"{folder / 'scenarios.yml'}: not a course file; did you "
                                        "mean scenarios.yaml?")
    (folder / "scenarios.yml").rename(folder / "scenarios.yaml")
    assert run_cli("validate", str(folder)).returncode == 0
    assert load_course(folder).folder == folder
