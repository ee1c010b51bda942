"""The ``trustgrid`` command: thin — it parses arguments, calls the package and prints."""

from __future__ import annotations

import argparse
import errno
import os
import stat
import sys
from pathlib import Path

from .errors import DataError
from .model import PlacementError, check_score
from .text import plural

OK, INVALID, UNUSABLE = 0, 1, 2


def _shown(text: object) -> str:
    """One line for a terminal: control characters and a name's undecodable bytes escaped."""
    return "".join(ch if ch.isprintable() else _escaped(ch) for ch in str(text))


def _escaped(ch: str) -> str:
    if 0xDC80 <= ord(ch) <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{ord(ch) - 0xDC00:02x}"
    return ch.encode("unicode_escape").decode("ascii")


def _say(text: object, out: bool = False) -> None:
    print(_shown(text), file=sys.stdout if out else sys.stderr)


def _threshold(text: str) -> float:
    """A finite score within the grid's range; anything else is a usage error in one line."""
    try:
        value: object = float(text)
    except ValueError:
        value = text
    try:
        return check_score(value, "the threshold")
    except PlacementError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _name(text: str) -> str:
    """A file or folder name: an empty one would mean the current folder without a word."""
    if not text:
        raise argparse.ArgumentTypeError("an empty name is not a file or folder")
    return text


def _folder_problem(folder: Path) -> str | None:
    """Why ``folder`` cannot be read as a folder, or None."""
    try:
        st = os.stat(folder)
    except (FileNotFoundError, NotADirectoryError):
        return "no such folder"
    except OSError as exc:
        return f"cannot read the folder: {exc.strerror or exc}"
    if not stat.S_ISDIR(st.st_mode):
        return "is a file, not a folder" if stat.S_ISREG(st.st_mode) else "is not a folder"
    if not os.access(folder, os.R_OK | os.X_OK):
        return "cannot read the folder: Permission denied"
    return None


def _validate(args: argparse.Namespace) -> int:
    from .data import validate_paths

    try:
        problems = validate_paths([Path(p) for p in args.paths])
    except DataError as exc:
        for problem in exc.problems:
            _say(problem)
        return UNUSABLE
    for problem in problems:
        _say(problem)
    if problems:
        _say(f"{plural(len(problems), 'problem')} found.")
        return INVALID
    _say(f"All good: {len(args.paths)} checked.", out=True)
    return OK


def _aggregate(args: argparse.Namespace) -> int:
    from .data import load_course
    from .summary import format_table, summarise
    from .workshop import load_responses

    try:
        regions = load_course(args.data).regions  # the course's names and threshold
    except DataError as exc:
        return _report(exc)
    folder = Path(args.folder)
    problem = _folder_problem(folder)
    if problem:
        _say(f"{folder}: {problem}")
        return UNUSABLE
    responses, skipped = load_responses(folder)
    for name, why in skipped:
        _say(f"{folder / name}: skipped: {why}")
    threshold = regions.threshold if args.threshold is None else args.threshold
    print(format_table(summarise(responses, threshold), args.format, regions=regions))
    return OK


def _handout(args: argparse.Namespace) -> int:
    from .handout import build

    try:
        pages = build(Path(args.out), args.data, edition=args.edition)
    except DataError as exc:
        return _report(exc)
    _say(f"Wrote {len(pages)} pages to {args.out}; open {Path(args.out) / 'index.html'}", out=True)
    return OK


def _report(exc: DataError) -> int:
    for problem in exc.problems:
        _say(problem)
    return UNUSABLE if exc.unreadable else INVALID


def _os_error(exc: OSError) -> int:
    """What the system refused (a full disk, a file in the way), said in one line."""
    where = exc.filename if exc.filename is not None else "trustgrid"
    why = exc.strerror or str(exc)
    if exc.errno == errno.EEXIST and os.path.isfile(where):
        why = "is a file, not a folder"
    _say(f"{where}: {why}")
    return UNUSABLE


def _edition(args: argparse.Namespace) -> int:
    from .editions import build

    try:
        build(args.kind, Path(args.out), args.data)
    except DataError as exc:
        return _report(exc)
    return OK


def _new_course(args: argparse.Namespace) -> int:
    from .courses import new_course

    try:
        written = new_course(Path(args.folder))
    except DataError as exc:
        return _report(exc)
    _say(f"Made a new course in {args.folder}: {len(written)} files. Read ADAPTING.md there "
         f"first; check your changes with: trustgrid validate {args.folder}", out=True)
    return OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="trustgrid", description="Tools for the Building Trust course.")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser("validate", help="check course data files or folders")
    validate.add_argument("paths", nargs="+", type=_name, metavar="FILE",
                          help="a YAML file or a course folder")
    validate.set_defaults(run=_validate)
    aggregate = commands.add_parser("aggregate", help="summarise a workshop's response files")
    aggregate.add_argument("folder", type=_name, metavar="DIR",
                           help="the folder of response files")
    aggregate.add_argument("--format", choices=("text", "csv", "json"), default="text")
    aggregate.add_argument("--threshold", type=_threshold,
                           help="where the grid splits (default: the course's, in regions.yaml)")
    aggregate.add_argument("--data", type=_name, metavar="DIR",
                           help="a course data folder, for its region names (default: data/)")
    aggregate.set_defaults(run=_aggregate)
    handout = commands.add_parser("handout", help="build the static HTML handout")
    handout.add_argument("--out", required=True, type=_name, metavar="DIR",
                         help="where to write the site")
    handout.add_argument("--data", type=_name, metavar="DIR",
                         help="a course data folder (default: data/)")
    handout.add_argument("--edition", choices=("self-paced", "learner"), default="self-paced",
                         help="self-paced (everything, with the facilitator guide) or learner "
                              "(for participants: no model answers, no facilitator guide)")
    handout.set_defaults(run=_handout)
    edition = commands.add_parser("edition", help="build an edition of the course for one audience")
    edition.add_argument("kind", choices=("self-paced", "learner", "facilitator"), metavar="KIND",
                         help="self-paced, learner (no model answers) or facilitator (notes inline)")
    edition.add_argument("--data", type=_name, metavar="DIR",
                         help="a course data folder (default: data/)")
    edition.add_argument("--out", required=True, type=_name, metavar="OUT",
                         help="the folder to write")
    edition.set_defaults(run=_edition)
    new = commands.add_parser("new-course", help="start your own course: copy the data to edit")
    new.add_argument("folder", type=_name, metavar="DIR", help="a new or empty folder")
    new.set_defaults(run=_new_course)
    return top


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a character the terminal cannot show is escaped
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = parser().parse_args(argv)  # exits with status 2 and a usage line on bad usage
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except DataError as exc:
        return _report(exc)
    except OSError as exc:
        return _os_error(exc)


if __name__ == "__main__":
    sys.exit(main())
