"""A course keeps each file's line map: activities name lines without reading a file again."""

import pytest

from trustgrid import source
from trustgrid.data import DEFAULT_DATA, load_course
from trustgrid.errors import DataError
from trustgrid.widgets.listening import items_of


def test_each_activity_file_has_its_line_map_in_the_course():
    course = load_course()
    assert set(course.lines) == set(course.content)
    text = (DEFAULT_DATA / "listening.yaml").read_text(encoding="utf-8")
    line = text[:text.index("    statement:")].count("\n") + 1
    assert course.line("listening", "listening", 0, "statement") == line
    # a path the file does not hold gives its nearest parent's line; a kind not kept, None
    assert course.line("listening", "listening", 0, "statement", "no_such_field") == line
    assert course.line("scenarios", "scenarios", 0, "id") is None


def test_a_listening_problem_names_its_line_without_reading_the_file_again(tmp_path, monkeypatch):
    text = (DEFAULT_DATA / "listening.yaml").read_text(encoding="utf-8")
    (tmp_path / "listening.yaml").write_text(
        text.replace("        reflects: true", "        reflects: false", 1), encoding="utf-8")
    course = load_course(tmp_path)
    line = text[:text.index("    replies:")].count("\n") + 1

    def no_reading(*_args, **_kwargs):
        raise AssertionError("a course file was read again")

    monkeypatch.setattr(source, "read_text", no_reading)
    with pytest.raises(DataError, match=f"listening.yaml:{line}: listening\\[0\\].replies: "
                       "no reply has reflects: true"):
        items_of(course)
