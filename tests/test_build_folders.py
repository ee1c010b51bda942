"""Build commands never delete or overwrite what they did not write (trustgrid/outfolder.py).

An edition is rebuilt in the folder people push to their own repository and work in; the
handout is written into a folder that may hold other pages. Each case is what a course
designer or facilitator really does, and what must be left as it was.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from trustgrid import editions, handout
from trustgrid.data import COURSE_ROOT, DEFAULT_DATA
from trustgrid.errors import DataError
from trustgrid.outfolder import LEGACY_EDITION_MARKER, MANIFEST

QUIET = {"report": lambda _line: None}


def build_edition(out: Path, kind: str = "learner", **kwargs) -> list[Path]:
    return editions.build(kind, out, **QUIET, **kwargs)


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file and link under ``folder``, with its content or target."""
    found = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[key] = "-> " + os.readlink(path)
        elif path.is_file():
            found[key] = path.read_bytes()
    return found


def refused(call, match: str) -> str:
    with pytest.raises(DataError, match=match) as caught:
        call()
    (problem,) = caught.value.problems
    assert "\n" not in str(problem)
    return str(problem)


@pytest.fixture
def edition(tmp_path) -> Path:
    out = tmp_path / "E"
    build_edition(out)
    return out


def test_a_rebuild_keeps_git_work_responses_and_own_files(edition):
    subprocess.run(["git", "init", "-q", str(edition)], check=True)
    (edition / "my_work").mkdir()
    (edition / "my_work" / "work.json").write_text('{"answers": "mine"}')
    (edition / "responses").mkdir()
    (edition / "responses" / "sam.json").write_text("{}")
    (edition / "notebooks" / "my_notes.md").write_text("my own notes")
    (edition / "README.md").write_text("edited by hand")  # the build's own file
    kept = {k: v for k, v in snapshot(edition).items()
            if k.startswith((".git/", "my_work/", "responses/")) or k == "notebooks/my_notes.md"}

    build_edition(edition, "facilitator")

    after = snapshot(edition)
    assert {k: after.get(k) for k in kept} == kept
    assert b"facilitator edition" in after["README.md"]
    assert "facilitator/README.md" in after  # the facilitator edition's own files came


def test_a_file_the_last_build_wrote_and_this_one_does_not_is_removed(edition):
    # The facilitator edition has facilitator/; the learner edition leaves it out.
    build_edition(edition, "facilitator")
    assert (edition / "facilitator").is_dir()
    (edition / "facilitator" / "mine.txt").write_text("not the build's")
    build_edition(edition, "learner")
    assert sorted(p.name for p in (edition / "facilitator").iterdir()) == ["mine.txt"]
    listed = json.loads((edition / MANIFEST).read_text())["files"]
    assert not [name for name in listed if name.startswith("facilitator/")]


def test_data_inside_the_out_folder_is_refused(edition, tmp_path):
    before = snapshot(edition)
    refused(lambda: build_edition(edition, data=str(edition / "data")), "overlaps .*data")
    assert snapshot(edition) == before


@pytest.mark.parametrize("where", [".", "notebooks", "notebooks/E", "exercises", "data/E"])
def test_out_overlapping_the_course_being_read_is_refused(where):
    out = COURSE_ROOT / where
    existed = out.exists()
    refused(lambda: build_edition(out), "overlaps")
    refused(lambda: handout.build(out, **QUIET), "overlaps")
    assert out.exists() == existed and not (out / MANIFEST).exists()
    assert not [p for p in out.resolve().parent.iterdir() if ".building-" in p.name]


def test_out_containing_the_data_folder_is_refused(tmp_path):
    course = tmp_path / "course"
    subprocess.run([sys.executable, "-m", "trustgrid", "new-course", str(course)], check=True,
                   capture_output=True)
    refused(lambda: build_edition(tmp_path, data=str(course)), "overlaps")
    assert not (tmp_path / MANIFEST).exists()


def test_the_cli_says_it_in_one_line(edition, capsys):
    from trustgrid.cli import main

    assert main(["edition", "self-paced", "--out", str(edition), "--data",
                 str(edition / "data")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "overlaps" in err[0] and "Traceback" not in err[0]


def test_a_folder_that_is_not_a_build_is_refused_and_untouched(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("someone's own home page")
    refused(lambda: handout.build(site, **QUIET), "not empty and is not a handout")
    refused(lambda: build_edition(site), "not empty and is not an edition")
    assert snapshot(site) == {"index.html": b"someone's own home page"}


def test_an_empty_repository_is_an_empty_folder(tmp_path):
    out = tmp_path / "E"
    subprocess.run(["git", "init", "-q", str(out)], check=True)
    build_edition(out)
    assert (out / ".git" / "HEAD").is_file() and (out / MANIFEST).is_file()


def test_an_edition_is_not_built_over_a_handout(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / MANIFEST).write_text(json.dumps({"family": "handout", "files": ["index.html"]}))
    (site / "index.html").write_text("the handout")
    refused(lambda: build_edition(site), "holds a handout built by trustgrid")
    assert (site / "index.html").read_text() == "the handout"


def test_a_file_in_the_way_is_refused_before_anything_moves(edition):
    (edition / "exercises" / "01_place_the_scenarios.ipynb").unlink()
    listed = json.loads((edition / MANIFEST).read_text())
    listed["files"].remove("exercises/01_place_the_scenarios.ipynb")
    (edition / MANIFEST).write_text(json.dumps(listed))
    (edition / "exercises" / "01_place_the_scenarios.ipynb").write_text("a person's own file")
    (edition / "README.md").write_text("edited")
    before = snapshot(edition)
    refused(lambda: build_edition(edition), "01_place_the_scenarios.ipynb: was not written by an "
                                            "earlier build")
    assert snapshot(edition) == before
    assert not [p for p in edition.parent.iterdir() if ".building-" in p.name]


def test_a_link_where_the_build_writes_a_folder_is_refused(edition, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep")
    for path in (edition / "notebooks").iterdir():
        path.unlink()
    (edition / "notebooks").rmdir()
    (edition / "notebooks").symlink_to(elsewhere)
    refused(lambda: build_edition(edition), "notebooks: is a symbolic link")
    assert snapshot(elsewhere) == {"keep.txt": b"keep"}


def test_a_built_file_replaced_by_a_link_is_replaced_not_written_through(edition, tmp_path):
    target = tmp_path / "target.txt"
    target.write_text("do not write here")
    (edition / "README.md").unlink()
    (edition / "README.md").symlink_to(target)
    build_edition(edition)
    assert target.read_text() == "do not write here"
    assert not (edition / "README.md").is_symlink()


@pytest.mark.parametrize("entry", ["../victim.txt", "/tmp/victim.txt", ".git/config", 7])
def test_a_build_list_naming_files_no_build_writes_is_refused(edition, tmp_path, entry):
    victim = tmp_path / "victim.txt"
    victim.write_text("not the build's")
    listed = json.loads((edition / MANIFEST).read_text())
    listed["files"].append(entry)
    (edition / MANIFEST).write_text(json.dumps(listed))
    refused(lambda: build_edition(edition), "which no build writes")
    assert victim.read_text() == "not the build's"


def test_an_unreadable_build_list_is_refused(edition):
    (edition / MANIFEST).write_text("{not json")
    refused(lambda: build_edition(edition), "is not a build list trustgrid wrote")


def test_a_build_stopped_half_way_leaves_the_folder_as_it_was(edition, monkeypatch):
    before = snapshot(edition)

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(editions, "_readme", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_edition(edition, "facilitator")
    assert snapshot(edition) == before
    assert not [p for p in edition.parent.iterdir() if ".building-" in p.name]


def test_an_edition_built_before_build_lists_is_rebuilt_keeping_own_files(edition):
    (edition / MANIFEST).unlink()
    (edition / LEGACY_EDITION_MARKER).write_text("learner\n")
    (edition / "my_work").mkdir()
    (edition / "my_work" / "work.json").write_text("{}")
    build_edition(edition, "self-paced")
    assert (edition / "my_work" / "work.json").read_text() == "{}"
    assert not (edition / LEGACY_EDITION_MARKER).exists()
    assert json.loads((edition / MANIFEST).read_text())["family"] == "edition"


def test_a_handout_rebuild_keeps_other_files(tmp_path):
    site = tmp_path / "site"
    handout.build(site, root=_one_notebook_course(tmp_path), **QUIET)
    (site / "CNAME").write_text("course.example.org")
    (site / "index.html").write_text("stale")
    handout.build(site, root=_one_notebook_course(tmp_path), **QUIET)
    assert (site / "CNAME").read_text() == "course.example.org"
    assert "stale" not in (site / "index.html").read_text()


def _one_notebook_course(tmp_path: Path) -> Path:
    """A course root with one short notebook, so a handout builds in seconds."""
    root = tmp_path / "root"
    if not root.exists():
        (root / "notebooks").mkdir(parents=True)
        (root / "notebooks" / "01_what_is_trust.ipynb").write_bytes(
            (COURSE_ROOT / "notebooks" / "01_what_is_trust.ipynb").read_bytes())
        (root / "data").symlink_to(DEFAULT_DATA)
    return root


@pytest.mark.parametrize("where", ["a_file/E", "/proc/E"])
def test_an_out_folder_that_cannot_be_made_is_one_line(tmp_path, where):
    (tmp_path / "a_file").write_text("a file")
    out = tmp_path / where if not where.startswith("/") else Path(where)
    message = refused(lambda: build_edition(out), "cannot be written here")
    assert message.startswith(f"{out}: ") and ".building-" not in message
