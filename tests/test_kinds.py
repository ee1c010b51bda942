"""The registry of kinds (trustgrid/kinds.py) is complete: every kind has each of its parts,
and every data file, schema and widget module belongs to a kind."""

from __future__ import annotations

import importlib
import inspect

import pytest

from trustgrid import kinds
from trustgrid.data import DEFAULT_DATA, load_course
from trustgrid.kinds import ACTIVITIES, KINDS, REGISTRY, model_answer_slots
from trustgrid.notebook import Session
from trustgrid.paths import COURSE_ROOT, SCHEMA_DIR

WIDGETS = COURSE_ROOT / "trustgrid" / "widgets"
# Widget modules that are parts of activities, not activities themselves.
PARTS = {"__init__", "answers", "controls", "feedback", "figure", "front_end", "people_map",
         "projector", "session"}


@pytest.mark.parametrize("kind", REGISTRY, ids=lambda k: k.name)
def test_every_kind_has_its_parts(kind):
    assert kind.about and kind.static in (kinds.DRAWN, kinds.LEFT_OUT, kinds.NOT_AN_ACTIVITY)
    if kind.file:
        assert kind.schema.is_file(), f"{kind.name}: no schema {kind.schema}"
        assert (DEFAULT_DATA / kind.filename).is_file(), f"{kind.name}: no default data file"
    else:
        assert not kind.model_answers and not kind.checks and not kind.loader
    assert set(kind.optional_answers) <= set(kind.model_answers)
    if kind.checks:
        assert list(inspect.signature(kind.checks).parameters) == ["docs", "paths"]
    if kind.widget:
        module = importlib.import_module(f"trustgrid.widgets.{kind.widget}")
        assert callable(getattr(module, "build", None)), f"{kind.widget}.build is missing"
        assert next(iter(inspect.signature(module.build).parameters)) == "session"
    if kind.widget or kind.method:
        assert kind.static != kinds.NOT_AN_ACTIVITY
        assert callable(getattr(Session, kind.method, None)), f"no Session.{kind.method}"
    else:
        assert kind.static == kinds.NOT_AN_ACTIVITY


def test_every_data_file_and_schema_has_a_kind():
    files = {p.stem for p in DEFAULT_DATA.glob("*.yaml")}
    schemas = {p.name.removesuffix(".schema.json") for p in SCHEMA_DIR.glob("*.schema.json")}
    with_file = {k.name for k in REGISTRY if k.file}
    assert files == with_file and schemas == with_file


def test_every_widget_module_is_an_activity_or_a_part():
    modules = {p.stem for p in WIDGETS.glob("*.py")}
    assert modules - PARTS == {k.widget for k in ACTIVITIES.values()}


@pytest.mark.parametrize("kind", [k for k in REGISTRY if k.model_answers], ids=lambda k: k.name)
def test_every_model_answer_field_is_found_in_the_default_course(kind):
    data = load_course().content.get(kind.name) or _core(kind.name)
    found = {tuple("*" if isinstance(p, int) else p for p in path)
             for parent, key, path in model_answer_slots(kind.name, data) if key in parent}
    assert found == set(kind.model_answers)


def _core(name):
    import yaml
    return yaml.safe_load((DEFAULT_DATA / f"{name}.yaml").read_text(encoding="utf-8"))


def test_a_kind_without_a_widget_module_fails_this_test(monkeypatch):
    broken = kinds.Kind("broken", "a kind someone forgot to finish", file=False,
                        widget="no_such_module", method="activity", static=kinds.DRAWN)
    with pytest.raises(ModuleNotFoundError):
        test_every_kind_has_its_parts(broken)


def test_a_wrong_activity_name_is_a_clear_error_not_a_traceback():
    box = Session("test").activity("warmup")
    assert "role='alert'" in box.value
    assert "there is no activity called &#x27;warmup&#x27;; the activities are: " in box.value
    assert "warm_up" in box.value


def test_the_kinds_and_their_order():
    assert list(KINDS)[:3] == ["regions", "behaviours", "scenarios"]  # references point left
