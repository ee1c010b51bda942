"""What a learner saves on a shared machine is theirs: on a hub everyone's home may be open
to everyone else (useradd's default mode is 0755), and the responses folder is shared."""

from __future__ import annotations

import os
import stat

import pytest

from trustgrid.work import WorkStore
from trustgrid.workshop import write_response


@pytest.fixture
def open_umask():
    """The usual umask of a server on a hub: files readable by everyone."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_work_folder_it_makes_is_open_to_the_learner_only(tmp_path, open_umask):
    store = WorkStore(tmp_path / "course" / "my_work")
    store.set("01_what_is_trust", "reflection", "my own words")
    assert _mode(tmp_path / "course" / "my_work") == 0o700


def test_a_work_folder_someone_made_already_is_left_as_it_is(tmp_path, open_umask):
    folder = tmp_path / "synced"
    folder.mkdir(mode=0o755)
    WorkStore(folder).set("01_what_is_trust", "reflection", "words")
    assert _mode(folder) == 0o755


def test_a_response_is_readable_by_its_writer_and_the_folders_group_only(tmp_path, open_umask):
    path = write_response(tmp_path / "responses", "Alice",
                          {"trusted_team_leader": {"competence": 7, "caring": 8}})
    assert _mode(path) == 0o640
