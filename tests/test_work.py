"""The learner's work store: saves survive crashes, corruption and two notebooks at once."""

from __future__ import annotations

import json
import multiprocessing
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustgrid import files, work
from trustgrid.bundle import MAX_IMPORT_BYTES, export_bundle, export_markdown, import_bundle
from trustgrid.errors import DataError
from trustgrid.work import WorkStore, default_store


@pytest.fixture(autouse=True)
def work_dir(tmp_path, monkeypatch):
    """Never touch the real my_work/ folder."""
    folder = tmp_path / "my_work"
    monkeypatch.setenv("TRUSTGRID_WORK_DIR", str(folder))
    return folder


def one_line(exc: DataError) -> str:
    message = str(exc)
    assert "\n" not in message and message
    return message


def aside_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("work.unreadable-*.json"))


def write_work(folder: Path, answers, **extra) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    body = {"format": "trustgrid-work", "version": 1, "saved": "2025-01-01T00:00:00+00:00",
            "answers": answers, **extra}
    (folder / "work.json").write_text(json.dumps(body), encoding="utf-8")


# --- saving ----------------------------------------------------------------------------

def test_round_trip_and_file_format(work_dir):
    store = WorkStore()
    assert not work_dir.exists()  # nothing is created until the first save
    store.set("01", "reflection", "Trust takes time.\nIt is lost fast.")
    store.set("01", "placement", {"competence": 7, "caring": 4.5})
    store.set("03", "ratings", [1, 2, 5, None, True])
    again = WorkStore(work_dir)
    assert again.answers() == store.answers() == {
        "01": {"reflection": "Trust takes time.\nIt is lost fast.",
               "placement": {"competence": 7, "caring": 4.5}},
        "03": {"ratings": [1, 2, 5, None, True]}}
    data = json.loads((work_dir / "work.json").read_text(encoding="utf-8"))
    assert data["format"] == "trustgrid-work" and data["version"] == 1
    assert datetime.fromisoformat(data["saved"]).tzinfo is not None
    assert again.get("03", "missing", "default") == "default"
    assert again.get("nope", "x") is None
    assert not list(work_dir.glob("*.tmp")) and not list(work_dir.glob(".*.tmp"))
    assert again.notices == []


def test_values_come_back_as_json_would_give_them():
    store = WorkStore()
    store.set("01", "pair", (3, 4))
    assert store.get("01", "pair") == [3, 4]
    copy = store.get("01", "pair")
    copy.append(99)  # changing a returned value must not change the store
    assert store.get("01", "pair") == [3, 4]


@pytest.mark.parametrize("value", [object(), float("nan"), float("inf"), {1j: 2}, "\ud800"])
def test_unsaveable_values_are_refused_before_writing(work_dir, value):
    store = WorkStore()
    store.set("01", "kept", 1)
    before = (work_dir / "work.json").read_bytes()
    with pytest.raises(DataError) as caught:
        store.set("01", "bad", value)
    assert "cannot be saved" in one_line(caught.value)
    assert (work_dir / "work.json").read_bytes() == before
    assert store.get("01", "bad") is None


def test_self_referencing_value_is_refused():
    loop: list = []
    loop.append(loop)
    with pytest.raises(DataError):
        WorkStore().set("01", "loop", loop)


@pytest.mark.parametrize("notebook, key", [("", "k"), ("01", ""), (None, "k"), ("01", 5),
                                           ("x" * 201, "k"), ("01", "\udc80")])
def test_bad_names_are_refused(notebook, key):
    with pytest.raises(DataError):
        WorkStore().set(notebook, key, 1)


def test_failed_write_leaves_old_file_and_keeps_answer_for_next_save(work_dir, monkeypatch):
    store = WorkStore()
    store.set("01", "a", "first")
    before = (work_dir / "work.json").read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(DataError) as caught:
        store.set("01", "b", "typed while the disk was full")
    assert "No space left on device" in one_line(caught.value)
    assert (work_dir / "work.json").read_bytes() == before  # all or nothing
    assert not list(work_dir.glob(".*.tmp"))
    assert store.get("01", "b") == "typed while the disk was full"  # not lost
    monkeypatch.undo()
    monkeypatch.setenv("TRUSTGRID_WORK_DIR", str(work_dir))
    store.set("01", "c", 3)
    assert WorkStore(work_dir).answers("01") == {"a": "first", "b": "typed while the disk was full",
                                                  "c": 3}


def test_too_large_answer_is_refused_and_does_not_block_later_saves(monkeypatch):
    monkeypatch.setattr(work, "MAX_WORK_BYTES", 2000)
    store = WorkStore()
    with pytest.raises(DataError) as caught:
        store.set("01", "essay", "x" * 5000)
    assert "too large" in one_line(caught.value)
    store.set("01", "short", "fine")
    assert WorkStore().answers() == {"01": {"short": "fine"}}


def test_changes_from_another_notebook_are_seen(work_dir):
    first, second = WorkStore(), WorkStore()
    first.set("01", "a", 1)
    second.set("02", "b", 2)  # re-reads before writing: keeps 01.a
    assert first.get("02", "b") == 2
    assert WorkStore().answers() == {"01": {"a": 1}, "02": {"b": 2}}


def test_default_store_follows_the_folder(tmp_path, monkeypatch):
    assert default_store() is default_store()
    assert default_store().folder == (tmp_path / "my_work").resolve()
    monkeypatch.setenv("TRUSTGRID_WORK_DIR", str(tmp_path / "elsewhere"))
    assert default_store().folder == (tmp_path / "elsewhere").resolve()


def test_default_folder_is_in_the_course_root(monkeypatch):
    monkeypatch.delenv("TRUSTGRID_WORK_DIR")
    from trustgrid.paths import COURSE_ROOT
    assert work.default_folder() == COURSE_ROOT / "my_work"


# --- unreadable files are kept aside ---------------------------------------------------

UNREADABLE = {
    "bad JSON": b'{"format": "trustgrid-work", "answers": {',
    "binary": bytes(range(256)),
    "wrong format": b'{"format": "something-else", "version": 1, "answers": {}}',
    "not a dict": b'[1, 2, 3]',
    "answers not a dict": b'{"format": "trustgrid-work", "version": 1, "answers": []}',
    "newer version": b'{"format": "trustgrid-work", "version": 2, "answers": {}}',
    "UTF-16": '{"format": "trustgrid-work"}'.encode("utf-16"),
    "deeply nested": b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("content", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_unreadable_file_is_kept_aside_with_a_notice(work_dir, content):
    work_dir.mkdir()
    (work_dir / "work.json").write_bytes(content)
    store = WorkStore()
    [aside] = aside_files(work_dir)
    assert aside.read_bytes() == content
    [notice] = store.notices
    assert aside.name in notice and "could not be read" in notice and "fresh" in notice
    assert store.answers() == {}
    store.set("01", "a", 1)
    assert WorkStore().answers() == {"01": {"a": 1}}
    assert aside.read_bytes() == content  # never overwritten


def test_oversized_file_is_kept_aside(work_dir, monkeypatch):
    monkeypatch.setattr(work, "MAX_WORK_BYTES", 100)
    write_work(work_dir, {"01": {"essay": "y" * 500}})
    content = (work_dir / "work.json").read_bytes()
    store = WorkStore()
    [aside] = aside_files(work_dir)
    assert aside.read_bytes() == content and "larger than" in store.notices[0]


def test_kept_aside_files_never_overwrite_each_other(work_dir, monkeypatch):
    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2025, 3, 4, 10, 11, 12, tzinfo=tz)

    monkeypatch.setattr(files, "datetime", Frozen)
    work_dir.mkdir()
    for content in (b"first broken", b"second broken", b"third broken"):
        (work_dir / "work.json").write_bytes(content)
        WorkStore()
    names = [p.name for p in aside_files(work_dir)]
    assert names == ["work.unreadable-20250304-101112-2.json",
                     "work.unreadable-20250304-101112-3.json",
                     "work.unreadable-20250304-101112.json"]
    contents = sorted(p.read_bytes() for p in aside_files(work_dir))
    assert contents == [b"first broken", b"second broken", b"third broken"]


def test_partly_damaged_file_keeps_what_it_can(work_dir):
    write_work(work_dir, {"01": {"good": "kept", "bad": float("nan")}, "02": "not a dict",
                          "03": {"fine": [1, 2]}})
    original = (work_dir / "work.json").read_bytes()
    store = WorkStore()
    [aside] = aside_files(work_dir)
    assert aside.read_bytes() == original
    assert "Part of your saved work" in store.notices[0] and aside.name in store.notices[0]
    expected = {"01": {"good": "kept"}, "03": {"fine": [1, 2]}}
    assert store.answers() == expected
    assert WorkStore().answers() == expected and WorkStore().notices == []  # rescued on disk


def test_unreadable_file_found_at_save_time_is_kept_aside(work_dir):
    store = WorkStore()
    store.set("01", "a", 1)
    (work_dir / "work.json").write_bytes(b"\x00\x01 damaged later")
    store.set("02", "b", 2)
    [aside] = aside_files(work_dir)
    assert aside.read_bytes() == b"\x00\x01 damaged later"
    [notice] = store.notices
    assert aside.name in notice and "with the answers from this session" in notice
    assert WorkStore().answers() == {"01": {"a": 1}, "02": {"b": 2}}  # 01.a was in memory


def test_work_file_that_is_a_folder_is_never_touched(work_dir):
    (work_dir / "work.json").mkdir(parents=True)
    store = WorkStore()
    assert store.notices and "nothing was changed" in store.notices[0]
    with pytest.raises(DataError):
        store.set("01", "a", 1)
    assert store.get("01", "a") == 1  # kept in memory for this session
    assert (work_dir / "work.json").is_dir()


# --- two notebooks (two processes) at once ----------------------------------------------

def _writer(folder: str, notebook: str, count: int) -> None:
    store = WorkStore(folder)
    for i in range(count):
        store.set(notebook, f"q{i}", {"i": i, "text": f"{notebook} answer {i}"})
        store.set("shared", f"{notebook}-{i}", i)


def test_two_processes_writing_at_once_lose_nothing(work_dir):
    count = 60
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(work_dir), nb, count))
               for nb in ("01", "02")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    answers = WorkStore(work_dir).answers()
    for nb in ("01", "02"):
        assert answers[nb] == {f"q{i}": {"i": i, "text": f"{nb} answer {i}"} for i in range(count)}
    assert answers["shared"] == {f"{nb}-{i}": i for nb in ("01", "02") for i in range(count)}
    assert not aside_files(work_dir)


# --- export and import -------------------------------------------------------------------

def sample_store(folder: Path) -> WorkStore:
    store = WorkStore(folder)
    store.update({"01_what_is_trust": {"warmup": {"competence": 8, "caring": 3},
                                       "reflection": "My manager listens.\n\nShe follows up."},
                  "05_putting_it_to_use": {"actions": ["Ask what matters", "Keep promises"],
                                           "confident": True, "score": 7.5, "blank": ""}})
    return store


def test_markdown_export_is_readable(work_dir):
    text = export_markdown(sample_store(work_dir), course_title="Building Trust")
    assert text.startswith("# Building Trust: my work")
    assert "## 01_what_is_trust" in text and "> My manager listens." in text
    assert "- competence: 8" in text and "- Ask what matters" in text
    assert "yes" in text and "7.5" in text and "_(blank)_" in text
    titled = export_markdown(sample_store(work_dir), titles={"01_what_is_trust": "What is trust?"})
    assert "## What is trust?" in titled


def test_markdown_export_of_nothing_says_so():
    assert "not saved any answers yet" in export_markdown(WorkStore())


def test_bundle_round_trip(tmp_path, work_dir):
    store = sample_store(work_dir)
    bundle = export_bundle(store)
    text = bundle.decode("utf-8")
    assert "My manager listens." in text and text.rstrip().endswith("```")
    fresh = WorkStore(tmp_path / "another_machine")
    loaded, skipped = import_bundle(bundle, store=fresh)
    assert (loaded, skipped) == (6, [])
    assert fresh.answers() == store.answers()
    assert WorkStore(tmp_path / "another_machine").answers() == store.answers()  # saved


def test_bare_work_json_and_upload_types_import(tmp_path, work_dir):
    sample_store(work_dir)
    raw = (work_dir / "work.json").read_bytes()
    for data in (raw, bytearray(raw), memoryview(raw), raw.decode("utf-8"), b"\xef\xbb\xbf" + raw):
        fresh = WorkStore(tmp_path / f"m{type(data).__name__}{len(data)}")
        assert import_bundle(data, store=fresh) == (6, [])


def test_learner_text_that_looks_like_a_json_block_does_not_confuse_import(tmp_path):
    store = WorkStore(tmp_path / "a")
    store.set("01", "note", "```json\n{\"format\": \"x\"}\n```")
    fresh = WorkStore(tmp_path / "b")
    assert import_bundle(export_bundle(store), store=fresh) == (1, [])
    assert fresh.get("01", "note") == store.get("01", "note")


HAND_EDITED = """# My work (edited by hand in Notepad)\r
\r
Some notes of my own.\r
\r
```json\r
{\r
  "answers": {\r
    "01": {"reflection": "kept", "placement": {"competence": 6, "caring": 7},\r
           "old_question": "gone from the course", "rating": "five"},\r
    "02": {"score": NaN, "flag": true},\r
    "99": {"x": 1},\r
    "03": ["not", "a", "set"]\r
  }\r
}\r
"""


def test_hand_edited_older_bundle_loads_everything_usable(work_dir):
    loaded, skipped = import_bundle(HAND_EDITED.encode("utf-8"))
    assert loaded == 6 and len(skipped) == 2
    assert default_store().get("99", "x") == 1


def test_import_replaces_answers_of_the_same_name_and_keeps_others():
    store = WorkStore()
    store.update({"01": {"reflection": "old", "other": "untouched"}})
    import_bundle(b'{"format": "trustgrid-work", "version": 1, "answers": {"01": {"reflection": "new"}}}',
                  store=store)
    assert store.answers("01") == {"reflection": "new", "other": "untouched"}


def test_newer_version_loads_what_it_can_and_says_so():
    data = b'{"format": "trustgrid-work", "version": 3, "answers": {"01": {"a": 1}}}'
    loaded, skipped = import_bundle(data)
    assert loaded == 1 and "version 3" in skipped[0]


def test_long_skipped_lists_are_cut_short():
    answers = {"01": {f"k{i}": float("nan") for i in range(50)}}
    data = json.dumps({"format": "trustgrid-work", "version": 1, "answers": answers}).encode()
    loaded, skipped = import_bundle(data)
    assert loaded == 0 and len(skipped) == 21 and skipped[-1] == "and 30 more not shown"


@pytest.mark.parametrize("data, words", [
    (b"x" * (MAX_IMPORT_BYTES + 1), f"limit is {MAX_IMPORT_BYTES // 2**20} MB"),
    (b"\xff\xfe\x00garbage", "not a text file"),
    (b"# Just some notes\n\nNo data here.", "no ```json block"),
    (b"```json\n{broken\n```", "not valid JSON"),
    (b"[1, 2]", "holds no saved work"),
    (b'{"format": "trustgrid-response", "placements": {}}', "workshop response file"),
    (b'{"format": "other", "answers": {}}', "not a saved-work file"),
    (b'{"format": "trustgrid-work", "version": 1}', "holds no answers"),
    (b"{" + b"[" * 200_000, "not valid JSON"),
    (12345, "not a file"),
])
def test_import_refuses_unusable_files_with_one_line(data, words):
    with pytest.raises(DataError) as caught:
        import_bundle(data, label="upload.md")
    message = one_line(caught.value)
    assert words in message and message.startswith("upload.md: ")


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=400),
                 st.text(max_size=300).map(lambda t: f"```json\n{t}\n```".encode("utf-8", "replace")),
                 st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | st.text(),
                              lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
                              max_leaves=20).map(
                     lambda v: json.dumps({"format": "trustgrid-work", "answers": v}).encode())))
def test_import_never_raises_anything_but_data_error(tmp_path, data):
    try:
        loaded, skipped = import_bundle(data, store=WorkStore(tmp_path / "fuzz"))
    except DataError as exc:
        one_line(exc)
    else:
        assert loaded >= 0 and all(isinstance(s, str) and "\n" not in s for s in skipped)
