"""Property-based fuzzing of every loader: whatever the file holds, only DataError comes out
(load_responses never raises: it lists skipped files), in words, and in under a second.

"Under a second" is the loader's own processor time: on a busy test machine the clock on
the wall can run several times slower, so that is only held to a looser bound, which still
catches a loader that waits for something. The profile is fixed and derandomized, so every
run tries the same inputs and the file stays fast; raise MAX_EXAMPLES locally to search harder.
"""

from __future__ import annotations

import copy
import json
import math
import re
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustgrid import source
from trustgrid.bundle import import_bundle
from trustgrid.data import DEFAULT_DATA, load_course, validate_paths
from trustgrid.errors import DataError, Problem
from trustgrid.kinds import FILE_KINDS as KINDS
from trustgrid.work import WorkStore
from trustgrid.workshop import clean_name, load_responses, response_filename, write_response

MAX_EXAMPLES = 60
FUZZ = settings(derandomize=True, database=None, max_examples=MAX_EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
FEW = settings(FUZZ, max_examples=25)  # each of these loads a whole course (~0.15 s)
SECOND = 1.0  # of processor time
WALL = 5.0  # seconds on the clock


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def fresh(root: Path) -> Path:
    """A new empty folder for one example (hypothesis cannot use function-scoped tmp_path)."""
    return Path(tempfile.mkdtemp(dir=root))


class Stopwatch:
    """Processor time and clock time of the code inside ``with``, checked at the end."""

    def __enter__(self):
        self.cpu, self.wall = time.process_time(), time.perf_counter()
        return self

    def __exit__(self, *exc):
        cpu, wall = time.process_time() - self.cpu, time.perf_counter() - self.wall
        assert cpu < SECOND and wall < WALL, f"took {cpu:.2f} s of processor time, {wall:.2f} s in all"


def timed(call, *args, **kwargs):
    """Run a loader; it may only raise DataError, with one problem per line, within a second."""
    with Stopwatch():
        try:
            return call(*args, **kwargs)
        except DataError as exc:
            assert exc.problems and all(isinstance(p, Problem) for p in exc.problems)
            assert all(str(p) and "\n" not in str(p) for p in exc.problems), str(exc)
            return exc


# --- what to throw ---------------------------------------------------------------------------

YAML_PIECES = [":", ": ", "- ", "[", "]", "{", "}", ",", "\n", "  ", "\t", "&a ", "*a", "!!",
               "'", '"', "#", "|", ">", "? ", "---\n", "...", "%YAML 1.1\n", "@", "`", "<<: ",
               "scenarios", "id", "lab_lead", "2025-13-45", "2025-01-31", ".nan", ".inf", "-.inf",
               "0x1F", "0o17", "1e999", "9" * 30, "9" * 4400, "~", "null", "yes", "no", "1:30",
               "!!python/object/apply:os.system ['true']", "!!binary aGk=", "!!set {a}",
               "!!timestamp x", "!!int x", "!!float x", "!!str 1", "!foo ", "é", "\u202e",
               "\u200b", "\ufeff", "\x85", "\\ud800", "\U0001F642"]

yaml_texts = st.one_of(
    st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=4), max_size=40).map("".join),
    st.text(max_size=200),
)

# Text that may hold lone surrogates, which only JSON can carry (as "\ud800").
odd_text = st.text(st.characters(codec=None, categories=["L", "N", "P", "Z", "C"]), max_size=12)
scalars = (st.none() | st.booleans() | st.integers() | st.integers(min_value=10**300, max_value=10**400)
           | st.floats(allow_nan=True, allow_infinity=True) | odd_text)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(odd_text, inner, max_size=4), max_leaves=25)


def as_yaml(value) -> str:
    try:
        return yaml.safe_dump(value, allow_unicode=False)
    except (yaml.YAMLError, UnicodeError):
        return json.dumps(value)  # JSON is YAML too, near enough


def default_document(kind: str):
    return yaml.safe_load((DEFAULT_DATA / f"{kind}.yaml").read_text(encoding="utf-8"))


def paths_in(value, path=()):
    """Every path to a value inside a document, for choosing where to mutate it."""
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths_in(child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from paths_in(child, (*path, i))


@st.composite
def mutated_documents(draw, kinds=KINDS):
    """A real course file (scenarios, quiz, ...) with a few of its values changed for junk."""
    kind = draw(st.sampled_from([k for k in kinds if (DEFAULT_DATA / f"{k}.yaml").exists()]))
    document = copy.deepcopy(DOCUMENTS[kind])
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(paths_in(document))[1:] or [()]))
        *parents, last = path or ("",)
        parent = document
        for part in parents:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "duplicate", "unhashable", "rename"]))
        if action == "replace":
            parent[last] = draw(json_values)
        elif action == "delete":
            del parent[last]
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
        elif action == "unhashable":
            parent[last] = [parent[last]]
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(odd_text)] = parent.pop(last)
        if not isinstance(document, (dict, list)):
            break
    return kind, document


DOCUMENTS = {kind: default_document(kind) for kind in KINDS if (DEFAULT_DATA / f"{kind}.yaml").exists()}

file_bytes = st.one_of(
    st.binary(max_size=300),
    st.tuples(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]), st.binary(max_size=100))
    .map(b"".join),
    yaml_texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
)


def work_bodies(answers):
    return json.dumps({"format": "trustgrid-work", "version": 1, "answers": answers})


work_files = st.one_of(
    file_bytes,
    json_values.map(lambda v: work_bodies(v).encode()),
    st.dictionaries(odd_text, json_values, max_size=4).map(lambda v: work_bodies(v).encode()),
    st.dictionaries(odd_text, st.dictionaries(odd_text, json_values, max_size=3), max_size=3)
    .map(lambda v: work_bodies(v).encode()),
    st.tuples(st.text(max_size=60), json_values).map(
        lambda tv: f"# My work\n\n{tv[0]}\n```json\n{work_bodies(tv[1])}\n```\n".encode("utf-8", "surrogatepass")),
)

placements = st.dictionaries(odd_text | st.sampled_from(["lab_lead", "../x", "a" * 49]),
                             st.fixed_dictionaries({"competence": scalars, "caring": scalars})
                             | json_values, max_size=4)
response_files = st.one_of(
    file_bytes,
    st.tuples(json_values, json_values, json_values).map(lambda t: json.dumps(
        {"format": "trustgrid-response", "version": t[0], "participant": t[1], "placements": t[2]}).encode()),
    st.tuples(odd_text, placements, st.text(max_size=30)).map(lambda t: json.dumps(
        {"format": "trustgrid-response", "version": 1, "participant": t[0], "placements": t[1],
         "saved": t[2]}).encode()),
)


# --- the loaders ------------------------------------------------------------------------------

@FUZZ
@given(yaml_texts)
def test_parse_any_text(text):
    result = timed(source.parse, text, "fuzz.yaml")
    if not isinstance(result, DataError):
        _data, lines, problems = result
        assert all(isinstance(p, Problem) and "\n" not in str(p) for p in problems)
        assert all(isinstance(line, int) and line >= 1 for line in lines.values())


@FUZZ
@given(json_values)
def test_parse_any_structure_as_yaml_or_json(value):
    for text in (as_yaml(value), json.dumps(value)):
        timed(source.parse, text, "fuzz.yaml")


@FEW
@given(st.sampled_from(KINDS), file_bytes)
def test_validate_any_bytes_as_any_kind(root, kind, data):
    path = fresh(root) / f"{kind}.yaml"
    path.write_bytes(data)
    agrees_with_loading(path, timed(validate_paths, [path]))


@FEW
@given(mutated_documents())
def test_validate_real_files_with_mutated_fields(root, mutated):
    kind, document = mutated
    path = fresh(root) / f"{kind}.yaml"
    path.write_text(as_yaml(document), encoding="utf-8")
    agrees_with_loading(path, timed(validate_paths, [path]))


def agrees_with_loading(path, result) -> None:
    """Validating one file gives one-line problems about that file, and says "all good"
    exactly when the course folder holding it (the rest borrowed from the default) loads."""
    problems = result.problems if isinstance(result, DataError) else result
    assert all(p.file == str(path) and "\n" not in str(p) for p in problems), problems
    loaded = timed(load_course, path.parent)
    assert isinstance(loaded, DataError) == bool(problems), (problems, loaded)


@FEW
@given(mutated_documents(kinds=("regions", "behaviours", "scenarios", "course", "quiz", "dialogues")))
def test_load_a_course_folder_with_a_mutated_file(root, mutated):
    kind, document = mutated
    folder = fresh(root)
    (folder / f"{kind}.yaml").write_text(as_yaml(document), encoding="utf-8")
    course = timed(load_course, folder)
    if not isinstance(course, DataError):  # a harmless change: the course must be usable
        for scenario in course.scenarios.values():
            assert scenario.suggested is None or math.isfinite(scenario.suggested.competence)


@FUZZ
@given(work_files)
def test_import_any_bundle(root, data):
    folder = fresh(root)
    result = timed(import_bundle, data, store=WorkStore(folder), label="upload.md")
    if not isinstance(result, DataError):
        loaded, skipped = result
        assert loaded >= 0 and all(isinstance(s, str) and s and "\n" not in s for s in skipped)
        assert sum(len(v) for v in WorkStore(folder).answers().values()) <= loaded
    assert {p.name for p in folder.iterdir()} <= {"work.json", "work.json.lock"}


@FUZZ
@given(work_files)
def test_work_store_reads_any_work_file(root, data):
    folder = fresh(root)
    (folder / "work.json").write_bytes(data)
    store = timed(WorkStore, folder)
    assert isinstance(store, WorkStore), store
    assert all(isinstance(n, str) and "\n" not in n for n in store.notices)
    json.dumps(timed(store.answers), allow_nan=False)  # what it holds can always be saved
    timed(store.set, "01_what_is_trust", "fuzz", "kept")
    assert WorkStore(folder).get("01_what_is_trust", "fuzz") == "kept"
    kept_aside = list(folder.glob("work.unreadable-*.json"))
    assert [p.read_bytes() for p in kept_aside] in ([], [data])  # the original is never lost
    if not kept_aside:
        assert not store.notices


@FUZZ
@given(st.lists(response_files, min_size=1, max_size=3))
def test_load_responses_from_any_files(root, files):
    folder = fresh(root)
    for i, data in enumerate(files):
        (folder / f"r{i}.json").write_bytes(data)
    with Stopwatch():
        responses, skipped = load_responses(folder)
    assert len(responses) + len(skipped) == len(files)
    assert all(isinstance(why, str) and why and "\n" not in why for _, why in skipped)
    for response in responses:
        for competence, caring in response.placements.values():
            assert 0 <= competence <= 10 and 0 <= caring <= 10


# --- names --------------------------------------------------------------------------------------

names = st.text(st.characters(codec=None), max_size=50)


@FUZZ
@given(names)
def test_any_display_name_stays_in_the_responses_folder(root, name):
    folder = fresh(root) / "responses"
    result = timed(write_response, folder, name, {"lab_lead": {"competence": 1, "caring": 9}})
    if isinstance(result, DataError):
        assert not folder.exists() or not any(folder.iterdir())
    else:
        assert result.parent == folder and [p.name for p in folder.iterdir()] == [result.name]
        assert re.fullmatch(r"[a-z0-9-]{1,30}-[0-9a-f]{16}\.json", result.name)
        [response], skipped = load_responses(folder)
        assert response.participant == clean_name(name) and skipped == []


learners = st.from_regex(r"[0-9a-f]{16}", fullmatch=True)


@FUZZ
@given(names, learners, names, learners)
def test_two_learners_never_share_a_file_whatever_their_names(first, one, second, other):
    if one != other:
        assert response_filename(first, one) != response_filename(second, other)
