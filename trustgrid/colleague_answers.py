"""How colleagues see a learner: invitation codes, colleagues' answers, and what may be shown.

A learner who opts in gets an invitation code (random, never their name) to pass on. Each
colleague places them on the grid and shares an answer that holds only the code, a random
answer id and the placement: into the workshop's shared responses folder (in its
``colleagues/`` folder, which the facilitator's dashboard does not read), or as a file they
send. The learner reads the answers to their own code only, and sees nothing of them until
at least ``minimum`` colleagues (never fewer than three) have answered, so that no one
answer can be picked out. The same colleague sharing again replaces their answer.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import statistics
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .errors import DataError, Problem
from .files import atomic_write, read_regular
from .model import Placement
from .text import brief
from .workshop import UnusableFile, default_folder, json_of, saved_time, score_problem

FORMAT = "trustgrid-colleague-answer"
VERSION = 1
MAX_ANSWER_BYTES = 16 * 1024  # an answer is about 200 bytes
FEWEST = 3  # below this, one answer could be picked out of the middle and the range
SUBFOLDER = "colleagues"
# No 0 or O, 1 or I: a code read out over the phone or copied by hand comes through.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
GROUPS, GROUP_SIZE = 3, 4  # 12 characters: 2^60 codes, too many to guess one
ANSWER_ID = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True)
class Answer:
    """One colleague's placement of the learner who invited them."""

    code: str
    answer_id: str
    placement: Placement
    saved: str
    file: str = ""


@dataclass(frozen=True)
class Spread:
    """What the learner may see: how many answered, the middle answer and the range."""

    n: int
    median: Placement
    lowest: Placement  # the lowest competence and the lowest caring given
    highest: Placement


# --- codes -----------------------------------------------------------------------------

def new_code() -> str:
    """A fresh invitation code such as ``K7QM-4XTR-9PLA``."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_SIZE))
    return "-".join(chars[i:i + GROUP_SIZE] for i in range(0, len(chars), GROUP_SIZE))


def normal_code(typed: Any) -> str | None:
    """A code as typed (any case, with or without dashes and spaces) in its usual form, or None."""
    if not isinstance(typed, str):
        return None
    chars = re.sub(r"[\s\-]", "", typed).upper()
    if len(chars) != GROUPS * GROUP_SIZE or any(ch not in ALPHABET for ch in chars):
        return None
    return "-".join(chars[i:i + GROUP_SIZE] for i in range(0, len(chars), GROUP_SIZE))


def new_answer_id() -> str:
    return secrets.token_hex(8)


# --- writing ---------------------------------------------------------------------------

def folder(responses: str | os.PathLike[str] | None = None) -> Path:
    """Where colleagues' answers are shared: ``colleagues/`` in the responses folder."""
    return (Path(responses).expanduser() if responses is not None else default_folder()) / SUBFOLDER


def filename(code: str, answer_id: str) -> str:
    return f"{code}-{answer_id}.json"


def answer_bytes(code: str, answer_id: str, placement: Placement) -> bytes:
    """An answer file's contents: the code, the answer id, the placement and when; no name."""
    body = {"format": FORMAT, "version": VERSION, "invitation": code, "answer": answer_id,
            "saved": datetime.now(timezone.utc).isoformat(timespec="microseconds"),
            "placement": {"competence": placement.competence, "caring": placement.caring}}
    return json.dumps(body, indent=1).encode("utf-8")


def write_answer(code: str, answer_id: str, placement: Placement,
                 responses: str | os.PathLike[str] | None = None) -> tuple[Path, bytes]:
    """Share one answer in the colleagues' folder, atomically; the file and its bytes."""
    if normal_code(code) != code or not ANSWER_ID.fullmatch(answer_id):
        raise DataError([Problem("invitation", None, "", "not an invitation code and answer id")])
    data = answer_bytes(code, answer_id, placement)
    path = folder(responses) / filename(code, answer_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
    except OSError as exc:
        raise DataError([Problem(str(path.parent), None, "", "your answer was not shared: "
                                 f"{exc.strerror or exc}")], unreadable=True) from None
    return path, data


# --- reading ---------------------------------------------------------------------------

def parse_answer(raw: bytes, label: str) -> Answer:
    """An answer from a file's bytes, or UnusableFile giving the one-line reason."""
    data = json_of(raw, MAX_ANSWER_BYTES)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UnusableFile("not an answer from a colleague (it has no invitation code in it)")
    if data.get("version") != VERSION:
        raise UnusableFile("made by another version of the course (version "
                           f"{brief(data.get('version'), 40, quoted=False)})")
    code = normal_code(data.get("invitation"))
    if code is None or code != data["invitation"]:
        raise UnusableFile(f"invitation: {brief(data.get('invitation'), 40, quoted=False)} "
                           "is not an invitation code")
    answer_id = data.get("answer")
    if not (isinstance(answer_id, str) and ANSWER_ID.fullmatch(answer_id)):
        raise UnusableFile(f"answer: {brief(answer_id, 40, quoted=False)} is not an answer id")
    placement = data.get("placement")
    if not isinstance(placement, dict) or set(placement) != {"competence", "caring"}:
        raise UnusableFile("placement: needs exactly competence and caring")
    for axis in ("competence", "caring"):
        why = score_problem(placement[axis])
        if why:
            raise UnusableFile(f"placement.{axis}: {why}")
    saved = data.get("saved")
    return Answer(code, answer_id, Placement(placement["competence"], placement["caring"]),
                  saved if isinstance(saved, str) else "", label)


def read_answers(code: str, responses: str | os.PathLike[str] | None = None,
                 ) -> tuple[list[Answer], list[tuple[str, str]]]:
    """The answers to ``code`` in the colleagues' folder, and (file, reason) for each file
    named for this code that could not be used. Other codes' files are never opened."""
    where = folder(responses)
    try:
        names = sorted(p.name for p in where.iterdir())
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [(str(where), f"cannot read the folder: {exc.strerror or exc}")]
    answers, skipped = [], []
    for name in names:
        if not (name.startswith(f"{code}-") and name.endswith(".json")):
            continue
        try:
            try:
                raw = read_regular(where / name, MAX_ANSWER_BYTES)
            except OSError as exc:
                raise UnusableFile(f"cannot be read: {exc.strerror or exc}") from None
            answer = parse_answer(raw, name)
            if answer.code != code:
                raise UnusableFile("holds an answer to another invitation")
            answers.append(answer)
        except UnusableFile as why:
            skipped.append((name, str(why)))
    return answers, skipped


def one_per_colleague(answers: list[Answer]) -> list[Answer]:
    """Each answer id once, its latest saving: a colleague who shares again is counted once."""
    latest: dict[str, Answer] = {}
    for answer in answers:
        other = latest.get(answer.answer_id)
        if other is None or _when(answer) >= _when(other):
            latest[answer.answer_id] = answer
    return sorted(latest.values(), key=lambda a: a.answer_id)


def _when(answer: Answer) -> datetime:
    return saved_time(answer.saved)


def spread(answers: list[Answer], minimum: int = FEWEST) -> Spread | None:
    """The middle and range of the colleagues' answers, or None until ``minimum`` (at least
    three) different colleagues have answered."""
    answers = one_per_colleague(answers)
    if len(answers) < max(minimum, FEWEST):
        return None
    comp = [a.placement.competence for a in answers]
    care = [a.placement.caring for a in answers]
    return Spread(len(answers), Placement(statistics.median(comp), statistics.median(care)),
                  Placement(min(comp), min(care)), Placement(max(comp), max(care)))
