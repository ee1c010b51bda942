"""A learner's work under careless and unlucky conditions: a work file that is a link, a save
killed half-way, the largest work there is downloaded and loaded back, a work folder that is
a file, blank or read-only. What the learner is told, and that nothing is lost."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import tornado.websocket

from trustgrid import files, work, work_format
from trustgrid.bundle import MAX_IMPORT_BYTES, export_bundle, import_bundle
from trustgrid.errors import DataError
from trustgrid.work import MAX_WORK_BYTES, WORK_FILE, WorkStore


def saved(folder: Path) -> dict:
    return json.loads((folder / WORK_FILE).read_text(encoding="utf-8"))["answers"]


# --- a work file that is a symbolic link -----------------------------------------------

def test_a_work_file_that_is_a_link_is_written_through(tmp_path):
    synced = tmp_path / "synced"
    synced.mkdir()
    (synced / "mine.json").write_text(work_format.work_json({"01": {"earlier": "yes"}}))
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / WORK_FILE).symlink_to(synced / "mine.json")
    store = WorkStore(folder)
    store.set("01", "q", "kept where the link points")
    assert (folder / WORK_FILE).is_symlink()
    assert json.loads((synced / "mine.json").read_text())["answers"] == {
        "01": {"earlier": "yes", "q": "kept where the link points"}}
    assert WorkStore(folder).get("01", "q") == "kept where the link points"


def test_a_dangling_work_file_link_is_named_and_the_answer_kept(tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / WORK_FILE).symlink_to(tmp_path / "gone" / "work.json")
    store = WorkStore(folder)
    with pytest.raises(DataError, match="is a link to .*gone/work.json, which cannot be written"):
        store.set("01", "q", "not lost")
    assert store.get("01", "q") == "not lost"


# --- a save killed half-way ------------------------------------------------------------

def test_temporary_files_left_by_a_killed_save_are_cleaned_up(tmp_path):
    folder = tmp_path / "work"
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from trustgrid import files, work
        real_replace = os.replace
        def killed(src, dst):  # the save is killed after writing its temporary file
            os.kill(os.getpid(), signal.SIGKILL)
        files.os.replace = killed
        work.WorkStore(Path({str(folder)!r})).set("01", "q", "x")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60,
                          check=False)
    assert done.returncode == -signal.SIGKILL
    left = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert left, "the killed save should have left its temporary file"
    (folder / "notes.tmp").write_text("not ours")  # a name a save never makes
    WorkStore(folder).set("01", "q", "saved")
    assert sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp")) == ["notes.tmp"]
    assert saved(folder) == {"01": {"q": "saved"}}


# --- the largest work there is, downloaded and loaded back -----------------------------

def _fill_to_the_limit(store: WorkStore, shape: str) -> None:
    """Answers whose work file is just under MAX_WORK_BYTES."""
    if shape == "quotes":  # JSON escapes each: the file grows faster than the text
        piece, answers = '"\\', lambda n: {"01": {"q": '"\\' * n}}
    elif shape == "lines":
        piece, answers = "\n", lambda n: {"01": {"q": "\n" * n}}
    else:  # many answers in many notebooks
        def answers(n):
            grouped: dict = {}
            for i in range(n):
                grouped.setdefault(f"nb{i // 100}", {})[f"q{i % 100}"] = f"answer {i} " * 40
            return grouped
        piece = None
    def size(n: int) -> int:
        return len(work_format.work_json(answers(n)).encode())

    step = size(2000) - size(1000)  # the file grows in step with n: aim, then walk back
    n = 1000 + (MAX_WORK_BYTES - size(1000)) * 1000 // step
    while size(n) > MAX_WORK_BYTES:
        n -= max(1, (size(n) - MAX_WORK_BYTES) * 1000 // step)
    low = n
    grouped = answers(low)
    store.update(grouped)
    assert (store.folder / WORK_FILE).stat().st_size > MAX_WORK_BYTES - (64 if piece else 4096)


@pytest.mark.parametrize("shape", ["quotes", "lines", "many"])
def test_the_largest_work_downloads_and_loads_back(tmp_path, shape):
    store = WorkStore(tmp_path / "here")
    _fill_to_the_limit(store, shape)
    bundle = export_bundle(store)
    assert len(bundle) <= MAX_IMPORT_BYTES
    fresh = WorkStore(tmp_path / "new_session")
    count, skipped = import_bundle(bundle, store=fresh)
    assert skipped == []
    assert fresh.answers() == store.answers()
    assert count == sum(len(v) for v in store.answers().values())


def test_the_largest_download_fits_in_one_upload_message():
    # A file chosen in "Load my work" reaches the kernel in one websocket message, and
    # Jupyter's server (tornado) closes the connection on a message over its limit.
    assert MAX_IMPORT_BYTES < tornado.websocket._default_max_message_size - 64 * 1024


# --- the work folder: a file, blank, read-only -----------------------------------------

def test_a_work_folder_that_is_a_file_is_named(tmp_path, monkeypatch):
    file = tmp_path / "work"
    file.write_text("a file")
    monkeypatch.setenv("TRUSTGRID_WORK_DIR", str(file))
    store = WorkStore()
    (notice,) = store.notices
    assert f"TRUSTGRID_WORK_DIR names {file}, which is a file, not a folder" in notice
    assert "kept only until this notebook closes" in notice and "Download my work" in notice
    with pytest.raises(DataError, match="which is a file, not a folder"):
        store.set("01", "q", "kept in memory")
    assert store.get("01", "q") == "kept in memory"
    assert file.read_text() == "a file"


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_work_folder_setting_says_where_work_goes(tmp_path, monkeypatch, blank):
    monkeypatch.setenv("TRUSTGRID_WORK_DIR", blank)
    monkeypatch.setattr(work, "COURSE_ROOT", tmp_path)
    store = work.default_store()
    assert store.folder == (tmp_path / "my_work").resolve()
    assert any("TRUSTGRID_WORK_DIR is set but blank" in n and "my_work" in n
               for n in store.notices)


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_a_read_only_folder_says_the_answers_last_until_the_notebook_closes(
        tmp_path, monkeypatch, code):
    store = WorkStore(tmp_path)

    def refused(*_args, **_kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(work, "atomic_write", refused)
    with pytest.raises(DataError) as caught:
        store.set("01", "q", "in memory")
    message = str(caught.value.problems[0])
    assert "cannot be written" in message
    assert "kept only until this notebook closes" in message
    assert "Download my work" in message
    assert store.get("01", "q") == "in memory"


# --- a full disk at each step of a save ------------------------------------------------

class _FullDisk:
    """Stands in for one ``os`` function of trustgrid.files, failing with ENOSPC once."""

    def __init__(self, real):
        self.real, self.failed = real, False

    def __call__(self, *args, **kwargs):
        if not self.failed:
            self.failed = True
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self.real(*args, **kwargs)


class _FullDiskFile:
    def __init__(self, handle):
        self.handle = handle

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self.handle.__exit__(*exc)

    def write(self, _data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self.handle, name)


@pytest.mark.parametrize("step", ["open", "write", "fsync", "replace"])
def test_a_full_disk_at_any_step_keeps_the_old_file_and_the_new_answer(tmp_path, monkeypatch,
                                                                         step):
    store = WorkStore(tmp_path)
    store.set("01", "q", "saved before")
    before = (tmp_path / WORK_FILE).read_bytes()
    if step == "write":
        real_fdopen = os.fdopen
        monkeypatch.setattr(files.os, "fdopen", lambda *a, **k: _FullDiskFile(real_fdopen(*a, **k)))
    else:
        monkeypatch.setattr(files.os, step, _FullDisk(getattr(os, step)))
    with pytest.raises(DataError) as caught:
        store.set("01", "q", "typed while the disk was full")
    (problem,) = caught.value.problems
    assert "No space left on device" in str(problem) and "\n" not in str(problem)
    assert (tmp_path / WORK_FILE).read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert store.get("01", "q") == "typed while the disk was full"
    monkeypatch.undo()
    store.set("01", "other", "the next save")
    assert saved(tmp_path)["01"] == {"q": "typed while the disk was full", "other": "the next save"}
