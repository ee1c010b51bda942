"""Files anyone can put in place never hang or exhaust the course: a FIFO where a course
file, the learner's work file or a workshop response should be, or a link to /dev/zero,
is refused at once with a clear reason (issue: nothing lost, nothing hangs)."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from pathlib import Path

import pytest

from trustgrid import source, work, workshop
from trustgrid.errors import DataError

from .conftest import ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")

WAIT_S = 10


def _within(seconds: float, call):
    """``call()``'s result (or exception), failing the test if it has not returned in time."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still waiting after {seconds} s: it hangs"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


@pytest.fixture
def fifo(tmp_path):
    """A FIFO; any reader still blocked on it is let go afterwards."""
    made: list[Path] = []

    def make(path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path)
        made.append(path)
        return path

    yield make
    for path in made:
        with contextlib.suppress(OSError):
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


def test_a_fifo_as_a_course_file_is_refused(tmp_path, fifo):
    path = fifo(tmp_path / "scenarios.yaml")
    with pytest.raises(DataError) as caught:
        _within(WAIT_S, lambda: source.read_text(path, "scenarios.yaml"))
    assert "not a regular file" in str(caught.value)


def test_a_course_file_linked_to_dev_zero_is_refused_without_reading_it(tmp_path):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    link = tmp_path / "scenarios.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(DataError) as caught:
        _within(WAIT_S, lambda: source.read_text(link, "scenarios.yaml"))
    assert "not a regular file" in str(caught.value)


def test_validate_reports_a_fifo_in_the_course_folder(tmp_path, fifo):
    from trustgrid.data import load_course

    course = tmp_path / "data"
    shutil.copytree(ROOT / "data", course)
    (course / "quiz.yaml").unlink()
    fifo(course / "quiz.yaml")
    with pytest.raises(DataError) as caught:
        _within(WAIT_S, lambda: load_course(course))
    assert any("quiz.yaml" in p.file and "not a regular file" in p.message
               for p in caught.value.problems), caught.value.problems


def test_a_fifo_as_the_work_file_is_set_aside_and_the_learner_told(tmp_path, fifo):
    folder = tmp_path / "my_work"
    fifo(folder / work.WORK_FILE)
    store = _within(WAIT_S, lambda: work.WorkStore(folder))
    assert any("not a regular file" in notice and "kept aside" in notice
               for notice in store.notices), store.notices
    _within(WAIT_S, lambda: store.set("01_what_is_trust", "reflection", "my answer"))
    assert store.get("01_what_is_trust", "reflection") == "my answer"
    assert (folder / work.WORK_FILE).is_file()  # a real file now, holding the answer


def test_a_fifo_swapped_into_the_responses_folder_is_skipped(tmp_path, fifo):
    path = fifo(tmp_path / "responses" / "sam.json")
    with pytest.raises(workshop._Skip, match="not a regular file"):
        _within(WAIT_S, lambda: workshop._read_response(path))


def test_the_readers_share_one_rule():
    from trustgrid import files

    for reader in (source.read_text, work._read_limited, workshop._read_response):
        assert "read_regular" in reader.__code__.co_names, reader.__qualname__
    assert files.read_regular.__module__ == "trustgrid.files"


def test_the_lock_file_is_not_followed_through_a_link(tmp_path):
    folder = tmp_path / "my_work"
    folder.mkdir()
    elsewhere = tmp_path / "someone_elses_file"
    elsewhere.write_text("theirs")
    (folder / (work.WORK_FILE + ".lock")).symlink_to(elsewhere)
    store = work.WorkStore(folder)
    with pytest.raises(DataError, match="lock file .* is a link"):
        store.set("01_what_is_trust", "reflection", "my answer")
    assert elsewhere.read_text() == "theirs"
    assert store.get("01_what_is_trust", "reflection") == "my answer"  # kept, to save later


@pytest.mark.parametrize("command", [["edition", "learner"], ["handout"]])
@pytest.mark.parametrize("made", ["a file", "a symbolic link"])
def test_out_naming_a_file_or_a_link_is_one_clear_line(tmp_path, capsys, command, made):
    from trustgrid.cli import main

    target = tmp_path / "notes.txt"
    target.write_text("someone's notes")
    out = target
    if made == "a symbolic link":
        out = tmp_path / "site"
        out.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert main([*command, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(out) in err[0] and made.split()[-1] in err[0], err
    assert "Traceback" not in "".join(err)
    assert target.read_text() == "someone's notes" and not (tmp_path / "elsewhere").exists()
