"""Workshop responses: each participant's placements, written and read safely.

Each participant's notebook saves one small JSON file into a shared folder
(:func:`write_response`); the facilitator's dashboard reads the folder
(:func:`load_responses`); trustgrid/summary.py summarises it per scenario. A bad file is
skipped with a one-line reason; it never stops the session.
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets
import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .errors import DataError, Problem
from .files import atomic_write, read_regular
from .paths import COURSE_ROOT
from .text import NotText, brief, decode_utf8, odd_characters

FORMAT = "trustgrid-response"
VERSION = 1
MAX_RESPONSE_BYTES = 1024 * 1024
RESPONSE_MODE = 0o640  # the learner, and the responses folder's group (the facilitators)
MAX_NAME_CHARS = 40
SCORE_MIN, SCORE_MAX = 0, 10
SCENARIO_ID = re.compile(r"[a-z][a-z0-9_]{0,47}")  # as in data/schema/scenarios.schema.json

LEARNER_ID = re.compile(r"[0-9a-f]{16}")  # random, one per learner's work (learner_id)

# Bidirectional overrides and isolates can make a name display as a different name.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Joiners that some scripts and emoji need; every other invisible format character (zero-width
# space, soft hyphen, word joiner ...) only makes one name look like another.
_NEEDED_JOINERS = {"\u200c", "\u200d"}


@dataclass(frozen=True)
class Response:
    """One participant's placements: scenario id → (competence, caring)."""

    participant: str
    saved: str
    placements: dict[str, tuple[float, float]]
    file: str
    learner: str = ""  # the learner's random id; "" in files from before ids

    @property
    def who(self) -> str:
        """The person behind it: their id, else (older files) their name."""
        return self.learner or "name:" + same_name_key(self.participant)


def default_folder() -> Path:
    """``$TRUSTGRID_RESPONSES_DIR``, else ``responses/`` in the course root; read on each call."""
    override = os.environ.get("TRUSTGRID_RESPONSES_DIR", "").strip()
    return Path(override).expanduser() if override else COURSE_ROOT / "responses"


# ---------------------------------------------------------------------------------------
# Validation shared by writing and reading
# ---------------------------------------------------------------------------------------

def clean_name(name: str) -> str:
    """A display name as it is stored and compared: trimmed and in Unicode's composed form
    (NFC), so "José" typed on a Mac (e + a combining accent) is the same name as on Windows."""
    return unicodedata.normalize("NFC", name.strip())


def same_name_key(name: str) -> str:
    """Two names that a facilitator would read as one name have the same key."""
    return clean_name(name).casefold()


def shown_names(responses: list[Response]) -> dict[str, str]:
    """Each response's name as a facilitator sees it (by its file): where different people
    share a name, "Sam (1)" and "Sam (2)", numbered in the order they first shared."""
    order = sorted(responses, key=_saved_time)
    count: dict[str, int] = {}
    for r in order:
        count[same_name_key(r.participant)] = count.get(same_name_key(r.participant), 0) + 1
    seen: dict[str, int] = {}
    shown = {}
    for r in order:
        key = same_name_key(r.participant)
        seen[key] = seen.get(key, 0) + 1
        shown[r.file] = r.participant if count[key] == 1 else f"{r.participant} ({seen[key]})"
    return shown


def name_problem(name: Any) -> str | None:
    """Why ``name`` cannot be a display name, or None. Checked after trimming spaces.

    Control characters (line breaks, tabs, NUL), lone surrogates, line separators,
    bidirectional overrides and invisible characters are refused; joiners (ZWJ, ZWNJ) are
    allowed, as some scripts and emoji need them.
    """
    if not isinstance(name, str):
        return "the name must be text"
    try:
        name = clean_name(name)
    except UnicodeError:
        return "the name holds a control character; please use letters, digits and spaces"
    if not 1 <= len(name) <= MAX_NAME_CHARS:
        return f"please give a name of 1 to {MAX_NAME_CHARS} characters (this one has {len(name)})"
    for ch in name:
        if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in _BIDI_CONTROLS:
            return "the name holds a control character; please use letters, digits and spaces"
        if unicodedata.category(ch) == "Cf" and ch not in _NEEDED_JOINERS:
            return (f"the name holds an invisible character (U+{ord(ch):04X} "
                    f"{unicodedata.name(ch, 'unnamed')}); please type it again")
    return None


def _script(ch: str) -> str | None:
    """The writing system of a letter, from its Unicode name ("LATIN", "CYRILLIC" ...)."""
    if not ch.isalpha():
        return None
    first = unicodedata.name(ch, "").split(" ")[0]
    return "CJK" if first in ("CJK", "HIRAGANA", "KATAKANA") else first or None


def name_warnings(name: str) -> list[str]:
    """What a facilitator should know about a name that is allowed: letters from two
    writing systems (a Cyrillic "а" in "Sаm") can make it look like someone else's."""
    scripts = sorted({s for s in map(_script, clean_name(name)) if s})
    if len(scripts) < 2:
        return []
    words = " and ".join(s.title() for s in scripts)
    return [f"the name mixes {words} letters, so it may look like another name"]


def score_problem(value: Any) -> str | None:
    """Why ``value`` is not a score, or None. Never clamped: a wrong score is an error."""
    if isinstance(value, bool):
        return "true/false is not a number"
    if not isinstance(value, (int, float)):
        return f"{brief(value, 40, quoted=False)} is not a number"
    if isinstance(value, float) and not math.isfinite(value):  # (an int of 400 digits overflows)
        return f"{value} is not a usable number"
    if not SCORE_MIN <= value <= SCORE_MAX:
        return f"{brief(value, 40, quoted=False)} is outside {SCORE_MIN} to {SCORE_MAX}"
    return None


def _pair(placement: Any) -> tuple[Any, Any] | None:
    """(competence, caring) from a dict, an object with those attributes, or a 2-item pair."""
    if isinstance(placement, Mapping):
        if set(placement) != {"competence", "caring"}:
            return None
        return placement["competence"], placement["caring"]
    if hasattr(placement, "competence") and hasattr(placement, "caring"):
        return placement.competence, placement.caring
    if isinstance(placement, (tuple, list)) and len(placement) == 2:
        return placement[0], placement[1]
    return None


def check_placements(placements: Any) -> tuple[dict[str, tuple[float, float]], list[str]]:
    """The usable placements and a one-line description of every problem found."""
    if not isinstance(placements, Mapping):
        return {}, ["placements: must be a set of scenario placements"]
    clean: dict[str, tuple[float, float]] = {}
    problems: list[str] = []
    for scenario, placement in placements.items():
        if not isinstance(scenario, str) or not SCENARIO_ID.fullmatch(scenario):
            odd = odd_characters(scenario) if isinstance(scenario, str) else ""
            problems.append(f"placements: {brief(scenario, 40, quoted=False)} is not a scenario id"
                            + (f" ({odd})" if odd else ""))
            continue
        pair = _pair(placement)
        if pair is None:
            problems.append(f"placements.{scenario}: needs exactly competence and caring")
            continue
        found = [(axis, score_problem(v)) for axis, v in zip(("competence", "caring"), pair)]
        bad = [f"placements.{scenario}.{axis}: {why}" for axis, why in found if why]
        problems.extend(bad)
        if not bad:
            clean[scenario] = (pair[0], pair[1])
    return clean, problems


# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------

def learner_id(store) -> str:
    """This learner's random id, made once and kept with their work (a WorkStore), so every
    share of theirs replaces their own response and never anyone else's."""
    found = store.get("workshop", "learner_id")
    if isinstance(found, str) and LEARNER_ID.fullmatch(found):
        return found
    made = secrets.token_hex(8)
    try:
        store.set("workshop", "learner_id", made)
    except DataError:
        pass  # kept in memory by the store; the share itself says if saving fails
    return made


def response_filename(participant: str, learner: str) -> str:
    """``<slug>-<learner id>.json``: readable, one file per learner whatever their name.

    The slug keeps only ASCII letters and digits, so no name can reach outside the
    folder. Two learners who both call themselves Sam get two files.
    """
    folded = unicodedata.normalize("NFKD", participant).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:30].strip("-")
    return f"{slug or 'participant'}-{learner}.json"


def name_taken(folder: str | os.PathLike[str] | None, participant: str, learner: str) -> bool:
    """Has someone else (another learner id) shared under this name already?"""
    key = same_name_key(participant)
    return any(r.who != learner and same_name_key(r.participant) == key
               for r in load_responses(folder)[0])


def write_response(folder: str | os.PathLike[str] | None, participant: str,
                   placements: Mapping[str, Any], learner: str | None = None) -> Path:
    """Save one participant's placements atomically; returns the file written.

    ``placements`` maps scenario ids to {"competence": n, "caring": n} (or a pair, or
    an object with those attributes); ``learner`` is their :func:`learner_id` (a new one
    when not given: someone who shares once). Raises DataError listing every problem.
    """
    why = name_problem(participant)
    if why:
        raise DataError([Problem("participant", None, "", why)])
    learner = learner or secrets.token_hex(8)
    if not LEARNER_ID.fullmatch(learner):
        raise DataError([Problem("learner", None, "", "not a learner id (16 hex digits)")])
    name = clean_name(participant)
    clean, problems = check_placements(placements)
    if problems:
        raise DataError([Problem("response", None, "", p) for p in problems])
    target_folder = Path(folder).expanduser() if folder is not None else default_folder()
    path = target_folder / response_filename(name, learner)
    body = {"format": FORMAT, "version": VERSION, "participant": name, "learner": learner,
            # to the microsecond: a learner's later share is always the later one (a save
            # takes longer than that), however quickly they share again
            "saved": datetime.now(timezone.utc).isoformat(timespec="microseconds"),
            "placements": {s: {"competence": c, "caring": k} for s, (c, k) in clean.items()}}
    try:
        target_folder.mkdir(parents=True, exist_ok=True)
        # Readable by the learner and the folder's group only: on a hub the responses folder
        # belongs to the facilitators' group, and the learners are not in it.
        atomic_write(path, json.dumps(body, indent=1, ensure_ascii=False).encode("utf-8"),
                     mode=RESPONSE_MODE)
    except OSError as exc:
        raise DataError([Problem(str(path), None, "", "your placements were not saved: "
                                 f"{exc.strerror or exc}")], unreadable=True) from None
    return path


# ---------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------

class _Skip(Exception):
    """A file that is not a usable response; the message is the one-line reason."""


UnusableFile = _Skip  # as other readers of shared files catch it (trustgrid/colleague_answers.py)


def load_responses(folder: str | os.PathLike[str] | None = None,
                   ) -> tuple[list[Response], list[tuple[str, str]]]:
    """Every usable response in ``folder``, and (file name, reason) for each file skipped.

    Only ``*.json`` files are read; other files, hidden files (such as a save in
    progress) and subfolders are ignored without comment. A missing folder means no
    responses yet. Nothing here raises for a bad file: a corrupt, foreign or invalid one
    is skipped. If one participant appears in several files (a copy sent twice), the
    latest saved counts and the others are skipped.
    """
    folder = Path(folder).expanduser() if folder is not None else default_folder()
    try:
        entries = sorted(folder.iterdir())
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [(str(folder), f"cannot read the folder: {exc.strerror or exc}")]
    responses: list[Response] = []
    skipped: list[tuple[str, str]] = []
    for path in entries:
        if path.name.startswith(".") or path.suffix.lower() != ".json" or not path.is_file():
            continue
        try:
            responses.append(_read_response(path))
        except _Skip as why:
            skipped.append((path.name, str(why)))
    return _latest_per_participant(responses, skipped), skipped


def _read_response(path: Path) -> Response:
    try:
        # Not waited on if it is a FIFO swapped in since the folder was listed.
        raw = read_regular(path, MAX_RESPONSE_BYTES)
    except OSError as exc:
        raise _Skip(f"cannot be read: {exc.strerror or exc}") from None
    return _parse_response(json_of(raw), path.name)


def json_of(raw: bytes, limit: int = MAX_RESPONSE_BYTES) -> Any:
    """The JSON in a shared file's bytes (read up to ``limit`` plus one). Raises UnusableFile
    saying why not in one line: too large, not UTF-8 text, empty, damaged, a field twice."""
    if len(raw) > limit:
        size = f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit // 1024} KB"
        raise _Skip(f"larger than {size}, so not a response file")
    try:  # UTF-8 holding a NUL byte is left to JSON, which finds it damaged
        text = decode_utf8(raw, nul_is_binary=False)
    except NotText as exc:
        raise _Skip("saved as UTF-16 text; save it again as UTF-8" if exc.kind == "utf-16" else
                    "not a text file" if b"\x00" in raw else
                    "not UTF-8 text; save it again as UTF-8") from None
    if not text.strip(string.whitespace):  # as bytes.strip(): ASCII spaces and line ends
        raise _Skip("the file is empty")
    try:
        return json.loads(text, object_pairs_hook=_no_repeats)
    except RecursionError:
        raise _Skip("damaged: nested too deeply to read") from None
    except ValueError as exc:  # Python refuses to read a whole number of over 4,300 digits
        raise _Skip("damaged: a number too long to read" if "digits" in str(exc)
                    else "damaged: not valid JSON") from None


def _no_repeats(items: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a name given twice: json would keep the last without a word."""
    found = dict(items)
    if len(found) < len(items):
        seen: set[str] = set()
        for key, _ in items:
            if key in seen:
                raise _Skip(f"damaged: the field {brief(key, 40, quoted=False)} appears twice")
            seen.add(key)
    return found


def _parse_response(data: Any, file: str) -> Response:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _Skip("not a trust grid response file")
    if data.get("version") != VERSION:
        version = brief(data.get("version"), 40, quoted=False)
        raise _Skip(f"made by another version of the course (version {version})")
    why = name_problem(data.get("participant"))
    if why:
        raise _Skip(f"participant: {why}")
    placements, problems = check_placements(data.get("placements"))
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise _Skip(problems[0] + more)
    learner = data.get("learner", "")
    if learner != "" and not (isinstance(learner, str) and LEARNER_ID.fullmatch(learner)):
        raise _Skip(f"learner: {brief(learner, 40, quoted=False)} is not a learner id")
    saved = data.get("saved")
    return Response(clean_name(data["participant"]), saved if isinstance(saved, str) else "",
                    placements, file, learner)


def saved_time(saved: str) -> datetime:
    """A shared file's saved time, for choosing between copies; unknown times count as oldest."""
    try:
        when = datetime.fromisoformat(saved.replace("Z", "+00:00"))
    except ValueError:
        return datetime.min.replace(tzinfo=timezone.utc)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _saved_time(response: Response) -> datetime:
    return saved_time(response.saved)


def _latest_per_participant(responses: list[Response],
                            skipped: list[tuple[str, str]]) -> list[Response]:
    latest: dict[str, Response] = {}
    for response in responses:
        other = latest.get(response.who)
        if other is None or _saved_time(response) > _saved_time(other):
            latest[response.who] = response
    kept = {id(r) for r in latest.values()}
    for response in responses:
        if id(response) not in kept:
            newer = latest[response.who].file
            skipped.append((response.file, f"a later response from the same participant is in {newer}"))
    return [r for r in responses if id(r) in kept]
