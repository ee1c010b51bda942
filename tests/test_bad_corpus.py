"""The bad-input corpus: every kind of file the course reads, broken on purpose.

tests/data/bad/expected.yaml holds the exact message for each file. Content YAML files are
checked in tests/test_data.py; learner work files and workshop response files here, with
the huge files that are made at test time rather than committed, and the rule that no
name or id in a file can steer a write outside the work or responses folder. Speed is
measured in processor time, so that a busy test machine does not make the tests fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml

from trustgrid import bundle, source, work, work_format, workshop
from trustgrid.bundle import import_bundle
from trustgrid.data import load_course, validate_paths
from trustgrid.errors import DataError
from trustgrid.kinds import FILE_KINDS as KINDS
from trustgrid.work import WorkStore, friendly_path
from trustgrid.workshop import clean_name, load_responses, response_filename, write_response

BAD = Path(__file__).parent / "data" / "bad"
EXPECTED = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))
WORK_FILES = sorted(EXPECTED["work"])
RESPONSE_FILES = sorted(EXPECTED["responses"])

# Words that would mean a programmer's message reached a learner or a course designer.
JARGON = re.compile(r"Traceback|Exception|Error\b|NoneType|\bdict\b|\bstr\b|object at 0x|"
                    r"codec|utf-8'|errno", re.IGNORECASE)


@pytest.fixture(autouse=True)
def private_folders(tmp_path, monkeypatch):
    """Never touch the real my_work/ or responses/ folders."""
    monkeypatch.setenv("TRUSTGRID_WORK_DIR", str(tmp_path / "default_work"))
    monkeypatch.setenv("TRUSTGRID_RESPONSES_DIR", str(tmp_path / "default_responses"))


def every_file(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def plain(message: str) -> str:
    """A message fit for a person: one line, no programmer's words."""
    assert message and "\n" not in message, message
    assert not JARGON.search(message), message
    return message


# --- the corpus itself -------------------------------------------------------------------------

def test_every_corpus_file_has_an_expectation_and_every_expectation_a_file():
    assert every_file(BAD / "work") == WORK_FILES
    assert every_file(BAD / "responses") == RESPONSE_FILES
    content = sorted(p.name for p in BAD.glob("*.yaml") if p.name != "expected.yaml")
    assert content == sorted(EXPECTED["content"])
    assert sorted(p.name for p in BAD.iterdir() if p.is_file()) == sorted([*content, "expected.yaml"])


def test_the_corpus_covers_every_kind_of_file_the_course_reads():
    by_kind = {kind: [n for n in EXPECTED["content"] if n.startswith(kind + "-")] for kind in KINDS}
    assert all(by_kind.values()), [kind for kind, names in by_kind.items() if not names]
    assert any(n.endswith(".md") for n in WORK_FILES) and any(n.endswith(".json") for n in WORK_FILES)
    assert len(EXPECTED["content"]) + len(WORK_FILES) + len(RESPONSE_FILES) >= 40


def test_every_expected_message_is_plain_words():
    lines = [line for lines in EXPECTED["content"].values() for line in lines]
    for entry in EXPECTED["work"].values():
        lines += [entry["import"].get("error") or "", *entry["import"].get("skipped", [])]
        lines.append((entry.get("store") or {}).get("notice") or "")
    lines += [e["skipped"] for e in EXPECTED["responses"].values() if isinstance(e, dict) and "skipped" in e]
    for line in filter(None, lines):
        plain(line)


# --- learner work: loading a downloaded file ------------------------------------------------------

@pytest.mark.parametrize("name", WORK_FILES)
def test_work_file_import_gives_the_exact_message(tmp_path, name):
    expected = EXPECTED["work"][name]["import"]
    store = WorkStore(tmp_path / "my_work")
    data = (BAD / "work" / name).read_bytes()
    started = time.process_time()
    if "error" in expected:
        with pytest.raises(DataError) as caught:
            import_bundle(data, store=store, label=name)
        assert plain(str(caught.value)) == expected["error"]
        assert not (tmp_path / "my_work").exists()  # nothing was written
    else:
        loaded, skipped = import_bundle(data, store=store, label=name)
        assert {"loaded": loaded, "skipped": skipped} == expected
        assert [plain(s) for s in skipped] == skipped
        assert sum(len(v) for v in WorkStore(tmp_path / "my_work").answers().values()) == loaded
    assert time.process_time() - started < 1


# --- learner work: finding a damaged work.json -------------------------------------------------------

@pytest.mark.parametrize("name", [n for n in WORK_FILES if n.endswith(".json")])
def test_work_file_read_by_the_store_gives_the_exact_notice(tmp_path, name):
    expected = EXPECTED["work"][name]["store"]
    folder = tmp_path / "my_work"
    folder.mkdir()
    original = (BAD / "work" / name).read_bytes()
    (folder / "work.json").write_bytes(original)
    store = WorkStore(folder)
    aside = sorted(folder.glob("work.unreadable-*.json"))
    if expected["notice"] is None:
        assert store.notices == [] and aside == []
    else:
        [kept] = aside
        assert kept.read_bytes() == original  # never changed, never lost
        assert store.notices == [expected["notice"].replace("{aside}", str(friendly_path(kept)))]
        plain(store.notices[0])
    assert sum(len(v) for v in store.answers().values()) == expected["answers"]
    store.set("01_what_is_trust", "after", "saved")  # the learner can carry on
    assert WorkStore(folder).get("01_what_is_trust", "after") == "saved"
    assert all(p.read_bytes() == original for p in aside)


def test_a_utf8_byte_order_mark_is_harmless_everywhere(tmp_path):
    """Decision: a BOM (as Notepad writes) is ignored in every kind of file, not an error."""
    folder = tmp_path / "course"
    folder.mkdir()
    shutil.copy(BAD / "scenarios-bom.yaml", folder / "scenarios.yaml")
    assert load_course(folder).scenarios["lab_lead"].title == "The lab lead"
    bundle = (BAD / "work" / "bom.json").read_bytes()
    assert bundle.startswith(b"\xef\xbb\xbf")
    assert import_bundle(bundle, store=WorkStore(tmp_path / "w")) == (1, [])
    [response], skipped = load_responses(_alone(tmp_path / "r", "bom.json"))
    assert (response.participant, skipped) == ("Sam", [])


# --- course folders --------------------------------------------------------------------------------

FOLDERS = sorted(EXPECTED["folders"])


def test_every_corpus_folder_has_an_expectation():
    assert sorted(p.name for p in (BAD / "folders").iterdir()) == FOLDERS


@pytest.mark.parametrize("name", FOLDERS)
def test_course_folder_gives_the_exact_lines_to_validate_and_to_load_course(name):
    """A misnamed course file is reported, never passed over for the default course's file."""
    folder = BAD / "folders" / name
    expected = [f"{folder}{os.sep}{line}" for line in EXPECTED["folders"][name]]
    assert [str(p) for p in validate_paths([folder])] == expected
    with pytest.raises(DataError) as caught:
        load_course(folder)
    assert str(caught.value).split("\n") == expected
    assert not caught.value.unreadable
    for problem in caught.value.problems:
        plain(problem.message)


# --- workshop responses --------------------------------------------------------------------------

def _alone(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(BAD / "responses" / name, folder / name)
    return folder


@pytest.mark.parametrize("name", RESPONSE_FILES)
def test_response_file_gives_the_exact_reason(tmp_path, name):
    expected = EXPECTED["responses"][name]
    started = time.process_time()
    responses, skipped = load_responses(_alone(tmp_path / "responses", name))
    assert time.process_time() - started < 1
    if expected == "ignored":
        assert (responses, skipped) == ([], [])
    elif "loaded" in expected:
        assert [r.participant for r in responses] == [expected["loaded"]] and skipped == []
    else:
        assert responses == [] and skipped == [(name, expected["skipped"])]
        plain(skipped[0][1])


def test_the_whole_response_corpus_at_once_is_read_quickly_and_skips_each_bad_file(tmp_path):
    folder = tmp_path / "responses"
    shutil.copytree(BAD / "responses", folder)
    started = time.process_time()
    responses, skipped = load_responses(folder)
    assert time.process_time() - started < 1
    assert [r.participant for r in responses] == ["Sam"]
    assert dict(skipped) == {n: e["skipped"] for n, e in EXPECTED["responses"].items()
                             if isinstance(e, dict) and "skipped" in e}


# --- huge and hostile files, made at test time ---------------------------------------------------

def test_too_large_uploads_are_refused_with_a_clear_message(tmp_path):
    big_bundle = b"# My work\n\n```json\n" + b" " * bundle.MAX_IMPORT_BYTES + b"{}\n```\n"
    started = time.process_time()
    with pytest.raises(DataError) as caught:
        import_bundle(big_bundle, store=WorkStore(tmp_path / "w"), label="my_work.md")
    assert time.process_time() - started < 1
    mb = bundle.MAX_IMPORT_BYTES // 2**20
    assert str(caught.value) == f"my_work.md: the file is {mb}.1 MB; the limit is {mb} MB"
    assert not (tmp_path / "w").exists()

    folder = tmp_path / "responses"
    folder.mkdir()
    body = json.loads((BAD / "responses" / "bom.json").read_bytes().decode("utf-8-sig"))
    padded = json.dumps({**body, "notes": "x" * workshop.MAX_RESPONSE_BYTES})
    (folder / "upload-0-sam.json").write_text(padded, encoding="utf-8")
    started = time.process_time()
    assert load_responses(folder) == ([], [("upload-0-sam.json",
                                            "larger than 1 MB, so not a response file")])
    assert time.process_time() - started < 1


def test_a_work_file_too_large_to_read_is_kept_aside(tmp_path):
    folder = tmp_path / "my_work"
    folder.mkdir()
    text = work_format.work_json({"01_what_is_trust": {"essay": "y" * work.MAX_WORK_BYTES}})
    (folder / "work.json").write_text(text, encoding="utf-8")
    store = WorkStore(folder)
    [kept] = folder.glob("work.unreadable-*.json")
    assert store.notices == [(f"Your saved work could not be read (it is larger than "
                              f"{work.MAX_WORK_BYTES // 2**20} MB), so it "
                              f"was kept aside as {friendly_path(kept)}; we started a fresh file.")]


def test_a_content_file_with_very_many_values_is_refused_quickly(tmp_path, monkeypatch):
    monkeypatch.setattr(source, "MAX_VALUES", 10_000)  # whatever the limit, it is checked first
    path = tmp_path / "scenarios.yaml"
    path.write_text("scenarios:\n" + "  - x\n" * (source.MAX_VALUES + 10), encoding="utf-8")
    started = time.process_time()
    problems = validate_paths([path])
    assert time.process_time() - started < 5
    assert [str(p) for p in problems] == [
        (f"{path}:{source.MAX_VALUES - 1}: the file holds more than {source.MAX_VALUES:,} values; "
         "a course file needs far fewer: is it the right file?")]


def test_a_file_full_of_mistakes_is_reported_quickly(tmp_path):
    """Thousands of problems once took minutes (each was compared with all the others)."""
    path = tmp_path / "scenarios.yaml"
    path.write_text("scenarios:\n" + "  - x\n" * 5000, encoding="utf-8")
    started = time.process_time()
    problems = validate_paths([path])
    assert time.process_time() - started < 5
    assert len(problems) == 5000
    assert str(problems[0]) == f"{path}:2: scenarios[0]: expected a set of fields, found the text 'x'"


def test_a_very_long_text_is_reported_shortly(tmp_path):
    path = tmp_path / "scenarios.yaml"
    original = (BAD / "scenarios-bom.yaml").read_text(encoding="utf-8-sig")
    path.write_text(original.replace("title: The lab lead", "title: " + "x" * 200_000), encoding="utf-8")
    started = time.process_time()
    problems = validate_paths([path])
    assert time.process_time() - started < 1
    assert [str(p) for p in problems] == [
        f"{path}:4: scenarios[0].title: text is 200000 characters long; the limit is 80"]


def test_an_alias_bomb_in_an_activity_file_is_refused_quickly(tmp_path):
    path = tmp_path / "quiz.yaml"
    rows = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    rows += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    started = time.process_time()
    problems = validate_paths([path])
    assert time.process_time() - started < 1
    assert [str(p) for p in problems] == [
        f"{path}:1: YAML anchors and aliases (&name, *name) are not allowed; write the value out in full"]


def test_values_python_would_choke_on_are_reported_with_their_line():
    """PyYAML lets a ValueError out for these; the course turns each into a message."""
    for text, message in [
        ("a:\n  b: 2025-02-30\n", ("f:2: 2025-02-30 looks like a date but is not a real one (day is "
                                   "out of range for month); put it in quotes if it is meant as text")),
        ("a: !!int twelve\n", "f:1: 'twelve' is not a usable whole number"),
        ("a: !!float high\n", "f:1: 'high' is not a usable number"),
        ("a: " + "7" * 4400 + "\n", "f:1: a number of 4400 digits is too long to use"),
        ("a: !!set {x, y}\n", ("f:1: YAML tag tag:yaml.org,2002:set is not allowed; course files "
                               "hold plain text, numbers and lists")),
    ]:
        with pytest.raises(DataError) as caught:
            source.parse(text, "f")
        assert str(caught.value) == message


# --- names and ids cannot steer a write -----------------------------------------------------------

NASTY_NAMES = ["../../escaped", "/etc/passwd", "..\\..\\escaped", "C:\\Windows\\win.ini", "..", ".",
               "~", "$HOME", "%APPDATA%", "*", "a/b/c.json", "CON", "nul", "work.json",
               "\u202eevil.json", "l\u0430b", "Zo\u00eb", "Zoe\u0308", "\U0001F642", "x" * 40,
               "\u00a0", " \u200b ", "a\x00b", "a\nb", "a\tb", "Sam\ud800", "x" * 41, "", "   "]


def test_display_names_never_write_outside_the_responses_folder(tmp_path):
    folder = tmp_path / "responses"
    written = {}
    for name in NASTY_NAMES:
        try:
            path = write_response(folder, name, {"lab_lead": {"competence": 5, "caring": 5}})
        except DataError as exc:
            plain(str(exc))
            continue
        assert path.parent == folder and re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{16}\.json", path.name)
        assert path.name not in written, (name, written.get(path.name))  # no two names share a file
        written[path.name] = name
    assert every_file(tmp_path) == ["responses", *(f"responses/{n}" for n in sorted(written))]
    assert len(written) == 19  # " \u200b " is refused: an invisible name
    responses, skipped = load_responses(folder)
    assert skipped == [] and sorted(r.participant for r in responses) == sorted(
        clean_name(n) for n in written.values())


def test_names_with_control_characters_are_refused_in_words(tmp_path):
    for name in ["a\x00b", "a\nb", "a\tb", "Sam\ud800", "\u202eevil.json"]:
        with pytest.raises(DataError) as caught:
            write_response(tmp_path, name, {})
        assert str(caught.value) == ("participant: the name holds a control character; please use "
                                     "letters, digits and spaces")
    assert list(tmp_path.iterdir()) == []


def test_file_names_are_short_whatever_the_name():
    for name in NASTY_NAMES + ["\U0001F642" * 40, "\u0301" * 40]:
        assert len(response_filename(name, "0123456789abcdef")) <= 52


def test_notebook_and_question_names_never_become_paths(tmp_path):
    folder = tmp_path / "deep" / "my_work"
    store = WorkStore(folder)
    names = [n for n in NASTY_NAMES if work_format.name_ok(n)]
    store.update({name: {name: name} for name in names})
    loaded, skipped = import_bundle((BAD / "work" / "path-names.json").read_bytes(), store=store)
    assert (loaded, skipped) == (6, [])
    assert every_file(tmp_path) == ["deep", "deep/my_work", "deep/my_work/work.json",
                                    "deep/my_work/work.json.lock"]
    assert WorkStore(folder).get("../../outside", "a") == 1


def test_reading_responses_writes_nothing_whatever_the_ids_in_them(tmp_path):
    folder = tmp_path / "responses"
    shutil.copytree(BAD / "responses", folder)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    load_responses(folder)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
