"""Aggregating a workshop group's placements: safe file names, bad files skipped, right numbers."""

from __future__ import annotations

import csv
import io
import json
import math
import statistics
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustgrid.data import DEFAULT_DATA, load_course
from trustgrid.errors import DataError
from trustgrid.model import Region, Regions
from trustgrid.summary import format_table, summarise
from trustgrid.workshop import (
    Response,
    clean_name,
    load_responses,
    response_filename,
    write_response,
)


@pytest.fixture(autouse=True)
def responses_dir(tmp_path, monkeypatch):
    folder = tmp_path / "responses"
    monkeypatch.setenv("TRUSTGRID_RESPONSES_DIR", str(folder))
    return folder


def one_line(exc: DataError) -> str:
    assert str(exc) and all(line for line in str(exc).split("\n"))
    return str(exc)


def response_file(folder: Path, name: str, body) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = body if isinstance(body, (str, bytes)) else json.dumps(body)
    path = folder / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)


def good(participant: str, placements: dict, saved: str = "2025-05-01T10:00:00+00:00") -> dict:
    return {"format": "trustgrid-response", "version": 1, "participant": participant,
            "saved": saved, "placements": placements}


# --- writing -----------------------------------------------------------------------------

def test_write_then_load_round_trip(responses_dir):
    path = write_response(None, "  Priya Shah ", {"new_manager": {"competence": 8, "caring": 3},
                                                  "old_friend": (4.5, 9)})
    assert path.parent == responses_dir and path.name.startswith("priya-shah-")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "trustgrid-response" and data["version"] == 1
    assert data["participant"] == "Priya Shah"
    assert data["placements"] == {"new_manager": {"competence": 8, "caring": 3},
                                  "old_friend": {"competence": 4.5, "caring": 9}}
    [response], skipped = load_responses()
    assert skipped == []
    assert response.participant == "Priya Shah" and response.file == path.name
    assert response.placements == {"new_manager": (8, 3), "old_friend": (4.5, 9)}


def test_placements_can_be_objects_with_competence_and_caring(tmp_path):
    class Placement:
        competence, caring = 6.0, 2.0

    path = write_response(tmp_path, "Sam", {"s1": Placement()})
    assert json.loads(path.read_text())["placements"] == {"s1": {"competence": 6.0, "caring": 2.0}}


NASTY_NAMES = ["../x", "../../etc/passwd", "/etc/passwd", "..", ".", "C:\\Windows\\x",
               "con", "nul.json", "a/b", "~root", "Ann!", "Ann?", "ann", "ANN", "Zoë", "Zoe\u0308",
               "李雷", "محمد", "👩‍⚕️ Nurse", "x" * 40, "-", "    spaced    out   "]


def test_nasty_display_names_stay_inside_the_folder_and_never_collide(tmp_path):
    folder = tmp_path / "room"
    paths = [write_response(folder, name, {"s1": (1, 2)}) for name in NASTY_NAMES]
    assert all(p.parent == folder and p.resolve().parent == folder.resolve() for p in paths)
    assert len({p.name for p in paths}) == len(NASTY_NAMES)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in paths)
    assert not (tmp_path / "x.json").exists() and not list(tmp_path.glob("*.json"))
    responses, skipped = load_responses(folder)
    assert skipped == []
    assert sorted(r.participant for r in responses) == sorted(clean_name(n) for n in NASTY_NAMES)


def test_file_names_are_plain_ascii():
    for name in NASTY_NAMES:
        stem = response_filename(clean_name(name), "0123456789abcdef")
        assert stem.endswith(".json") and all(c.isascii() and (c.isalnum() or c in "-.")
                                              for c in stem)
        assert not stem.startswith(("-", "."))


def test_saving_again_replaces_the_same_participants_file(tmp_path):
    first = write_response(tmp_path, "Jo", {"s1": (1, 1)}, learner="0123456789abcdef")
    second = write_response(tmp_path, " Jo ", {"s1": (9, 9)}, learner="0123456789abcdef")
    assert first == second and len(list(tmp_path.iterdir())) == 1
    [response], _ = load_responses(tmp_path)
    assert response.placements == {"s1": (9, 9)}


@pytest.mark.parametrize("name, words", [
    ("", "1 to 40 characters"), ("   ", "1 to 40 characters"), ("x" * 41, "this one has 41"),
    ("Ann\nBob", "control character"), ("tab\there", "control character"),
    ("nul\x00", "control character"), ("evil\u202egnp.exe", "control character"),
    ("line\u2028sep", "control character"), (None, "must be text"), (42, "must be text"),
])
def test_bad_display_names_are_refused(tmp_path, name, words):
    with pytest.raises(DataError) as caught:
        write_response(tmp_path, name, {"s1": (1, 1)})
    assert words in one_line(caught.value) and "\n" not in str(caught.value)
    assert not list(tmp_path.iterdir())


def test_bad_placements_are_refused_with_every_problem(tmp_path):
    with pytest.raises(DataError) as caught:
        write_response(tmp_path, "Ann", {"Bad Id": (1, 1), "s1": {"competence": True, "caring": 11},
                                         "s2": (math.nan, 1), "s3": {"competence": 1},
                                         "s4": ("7", 1), "s5": (-0.1, 10.0)})
    lines = str(caught.value).split("\n")
    assert len(lines) == 7
    text = str(caught.value)
    for words in ["'Bad Id' is not a scenario id", "s1.competence: true/false is not a number",
                  "s1.caring: 11 is outside 0 to 10", "s2.competence: nan is not a usable number",
                  "s3: needs exactly competence and caring", "s4.competence: '7' is not a number",
                  "s5.competence: -0.1 is outside"]:
        assert words in text
    assert not list(tmp_path.iterdir())


# --- reading and aggregating ---------------------------------------------------------------

def mixed_folder(folder: Path) -> None:
    response_file(folder, "a.json", good("A", {"s1": {"competence": 2, "caring": 8},
                                              "s2": {"competence": 5, "caring": 5}}))
    response_file(folder, "b.json", good("B", {"s1": {"competence": 4, "caring": 6},
                                              "s2": {"competence": 5, "caring": 5}}))
    response_file(folder, "c.json", good("C", {"s1": {"competence": 9, "caring": 1.5}}))
    response_file(folder, "corrupt.json", '{"format": "trustgrid-response", "placements": {')
    response_file(folder, "foreign.json", {"format": "trustgrid-work", "answers": {}})
    response_file(folder, "list.json", "[1, 2, 3]")
    response_file(folder, "binary.json", bytes(range(256)))
    response_file(folder, "eleven.json", good("D", {"s1": {"competence": 11, "caring": 1}}))
    response_file(folder, "boolean.json", good("E", {"s1": {"competence": True, "caring": 1}}))
    response_file(folder, "nan.json", json.dumps(good("F", {"s1": {"competence": 1, "caring": 1}}))
                  .replace('"caring": 1', '"caring": NaN'))
    response_file(folder, "text.json", good("G", {"s1": {"competence": "5", "caring": 1}}))
    response_file(folder, "noname.json", good("", {"s1": {"competence": 5, "caring": 1}}))
    response_file(folder, "newer.json", {**good("H", {}), "version": 2})
    response_file(folder, "huge.json", good("I", {"s1": {"competence": 5, "caring": 5}})
                  | {"padding": "x" * (1024 * 1024)})
    response_file(folder, "notes.txt", "not JSON at all")
    response_file(folder, ".a.json.123abc.tmp", "a save in progress")
    response_file(folder, ".hidden.json", "{")
    (folder / "sub.json").mkdir()


def test_aggregation_of_a_mixed_folder(responses_dir):
    mixed_folder(responses_dir)
    responses, skipped = load_responses()
    assert sorted(r.participant for r in responses) == ["A", "B", "C"]
    reasons = dict(skipped)
    assert sorted(reasons) == ["binary.json", "boolean.json", "corrupt.json", "eleven.json",
                               "foreign.json", "huge.json", "list.json", "nan.json", "newer.json",
                               "noname.json", "text.json"]
    assert reasons["corrupt.json"] == "damaged: not valid JSON"
    assert reasons["foreign.json"] == reasons["list.json"] == "not a trust grid response file"
    assert reasons["binary.json"] == "not a text file"
    assert reasons["eleven.json"] == "placements.s1.competence: 11 is outside 0 to 10"
    assert reasons["boolean.json"] == "placements.s1.competence: true/false is not a number"
    assert reasons["nan.json"] == "placements.s1.caring: nan is not a usable number"
    assert reasons["text.json"] == "placements.s1.competence: '5' is not a number"
    assert "1 to 40 characters" in reasons["noname.json"]
    assert "version 2" in reasons["newer.json"] and "1 MB" in reasons["huge.json"]
    assert all("\n" not in why for why in reasons.values())

    by_id = {s.scenario: s for s in summarise(responses)}
    s1, s2 = by_id["s1"], by_id["s2"]
    assert (s1.n, s1.median_competence, s1.median_caring) == (3, 4, 6)
    assert (s2.n, s2.median_competence, s2.median_caring) == (2, 5, 5)
    assert s1.shares == {"trust": 0, "respect": 1 / 3, "goodwill": 2 / 3, "low_trust": 0}
    assert s2.shares == {"trust": 1, "respect": 0, "goodwill": 0, "low_trust": 0}
    expected_spread = (math.hypot(2 - 4, 8 - 6) + 0 + math.hypot(9 - 4, 1.5 - 6)) / 3
    assert s1.spread == pytest.approx(expected_spread) and s2.spread == 0


def test_missing_folder_means_no_responses_yet(tmp_path):
    assert load_responses(tmp_path / "nobody_yet") == ([], [])


def test_a_file_where_the_folder_should_be_is_reported(tmp_path):
    (tmp_path / "responses").write_text("oops")
    responses, skipped = load_responses(tmp_path / "responses")
    assert responses == [] and len(skipped) == 1 and "cannot read the folder" in skipped[0][1]


def test_duplicate_copies_of_one_participant_count_once(tmp_path):
    response_file(tmp_path, "ann.json", good("Ann", {"s1": {"competence": 1, "caring": 1}},
                                             saved="2025-05-01T10:00:00Z"))
    response_file(tmp_path, "ann (1).json", good("Ann", {"s1": {"competence": 9, "caring": 9}},
                                                 saved="2025-05-01T11:00:00+01:00"))
    response_file(tmp_path, "ann (2).json", good("Ann", {"s1": {"competence": 7, "caring": 7}},
                                                 saved="2025-05-01T10:30:00+00:00"))
    [response], skipped = load_responses(tmp_path)
    assert response.file == "ann (2).json"  # 10:30 UTC is the latest of the three
    why = "a later response from the same participant is in ann (2).json"
    assert sorted(skipped) == [("ann (1).json", why), ("ann.json", why)]


def test_summaries_are_sorted_by_disagreement_and_respect_the_threshold():
    responses = [Response(p, "", {"agreed": (6, 6), "split": (c, k), "also_agreed": (1, 1)}, f"{p}.json")
                 for p, c, k in [("a", 0, 0), ("b", 10, 10), ("c", 0, 10), ("d", 10, 0)]]
    summaries = summarise(responses, threshold=7)
    assert [s.scenario for s in summaries] == ["split", "agreed", "also_agreed"]
    split = summaries[0]
    assert (split.median_competence, split.median_caring) == (5, 5)
    assert split.spread == pytest.approx(math.hypot(5, 5))
    assert split.shares == {"trust": 0.25, "respect": 0.25, "goodwill": 0.25, "low_trust": 0.25}
    assert summaries[1].shares["low_trust"] == 1  # 6 is below a threshold of 7
    assert all(s.threshold == 7 for s in summaries)


def test_summarise_with_nothing_and_a_bad_threshold():
    assert summarise([]) == []
    with pytest.raises(DataError):
        summarise([], threshold=float("nan"))


# --- tables -----------------------------------------------------------------------------------

def test_csv_and_json_tables_parse_back(responses_dir):
    mixed_folder(responses_dir)
    summaries = summarise(load_responses()[0])
    regions = load_course(DEFAULT_DATA).regions
    rows = list(csv.DictReader(io.StringIO(format_table(summaries, "csv", regions=regions))))
    assert [r["scenario"] for r in rows] == [s.scenario for s in summaries]
    for row, s in zip(rows, summaries):
        assert int(row["n"]) == s.n
        assert float(row["median_competence"]) == s.median_competence
        assert float(row["spread"]) == pytest.approx(s.spread, abs=1e-4)
        assert sum(float(row[r]) for r in ("Trust", "Respect", "Goodwill", "Low trust")) == \
            pytest.approx(1, abs=1e-3)
    data = json.loads(format_table(summaries, "json", regions=regions))
    assert [d["scenario"] for d in data] == ["s1", "s2"]
    assert data[0]["n"] == 3 and data[0]["shares"]["Goodwill"] == pytest.approx(2 / 3)
    assert data[0]["median_caring"] == statistics.median([8, 6, 1.5])


def test_text_table_is_aligned_and_explains_itself():
    responses = [Response("a", "", {"s1": (8, 3), "longer_scenario": (5, 5)}, "a.json")]
    regions = load_course(DEFAULT_DATA).regions
    text = format_table(summarise(responses), regions=regions)
    lines = text.split("\n")
    assert lines[0].split() == ["Scenario", "n", "Competence", "Caring", "Spread", "Trust",
                                "Respect", "Goodwill", "Low", "trust"]
    assert "s1" in text and "100%" in text and "medians" in lines[-1]
    assert len({len(line) for line in lines[:3]}) == 1  # columns line up
    assert format_table([], regions=regions) == "No placements yet."
    assert format_table([], "csv", regions=regions).startswith("scenario,n,")
    assert format_table([], "json", regions=regions) == "[]"
    with pytest.raises(ValueError):
        format_table([], "xlsx", regions=regions)


def test_a_region_name_never_starts_a_spreadsheet_formula():
    default = load_course(DEFAULT_DATA).regions
    names = {"trust": "=HYPERLINK(1)", "respect": "+1", "goodwill": "@SUM(1)", "low_trust": "-"}
    regions = Regions(5, {k: Region(k, names[k], r.meaning, r.advice) for k, r in default.by_key.items()})
    header = format_table([], "csv", regions=regions).splitlines()[0]
    assert next(csv.reader([header]))[5:] == ["'=HYPERLINK(1)", "'+1", "'@SUM(1)", "'-"]


# --- robustness and speed ---------------------------------------------------------------------

@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=300),
                 st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | st.text(),
                              lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
                              max_leaves=15).map(
                     lambda v: json.dumps({"format": "trustgrid-response", "version": 1,
                                           "participant": "P", "placements": v}).encode())))
def test_load_never_raises_on_any_file(tmp_path, data):
    (tmp_path / "fuzz.json").write_bytes(data)
    responses, skipped = load_responses(tmp_path)
    assert len(responses) + len(skipped) == 1
    summarise(responses)
