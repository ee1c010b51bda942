"""The ``trustgrid`` command: thin — it parses arguments, calls the package and prints."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import DataError

OK, INVALID, UNUSABLE = 0, 1, 2


def _validate(args: argparse.Namespace) -> int:
    from .data import validate_paths

    try:
        problems = validate_paths([Path(p) for p in args.paths])
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return UNUSABLE
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found.", file=sys.stderr)
        return INVALID
    print(f"All good: {len(args.paths)} checked.")
    return OK


def _aggregate(args: argparse.Namespace) -> int:
    from .data import load_course
    from .workshop import format_table, load_responses, summarise

    try:
        regions = load_course(args.data).regions  # the course's names and threshold
    except DataError as exc:
        return _report(exc)
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"{folder}: no such folder", file=sys.stderr)
        return UNUSABLE
    responses, skipped = load_responses(folder)
    for name, why in skipped:
        print(f"{folder / name}: skipped: {why}", file=sys.stderr)
    threshold = regions.threshold if args.threshold is None else args.threshold
    print(format_table(summarise(responses, threshold), args.format, regions=regions))
    return OK


def _handout(args: argparse.Namespace) -> int:
    from .data import load_course
    from .handout import build

    try:
        load_course(args.data)  # a broken course is reported in one line per problem, first
        pages = build(Path(args.out), args.data)
    except DataError as exc:
        return _report(exc)
    print(f"Wrote {len(pages)} pages to {args.out}; open {Path(args.out) / 'index.html'}")
    return OK


def _report(exc: DataError) -> int:
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    return UNUSABLE if exc.unreadable else INVALID


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
    print(f"Made a new course in {args.folder}: {len(written)} files. Read ADAPTING.md there "
          f"first; check your changes with: trustgrid validate {args.folder}")
    return OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="trustgrid", description="Tools for the Building Trust course.")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser("validate", help="check course data files or folders")
    validate.add_argument("paths", nargs="+", metavar="FILE", help="a YAML file or a course folder")
    validate.set_defaults(run=_validate)
    aggregate = commands.add_parser("aggregate", help="summarise a workshop's response files")
    aggregate.add_argument("folder", metavar="DIR", help="the folder of response files")
    aggregate.add_argument("--format", choices=("text", "csv", "json"), default="text")
    aggregate.add_argument("--threshold", type=float,
                           help="where the grid splits (default: the course's, in regions.yaml)")
    aggregate.add_argument("--data", metavar="DIR", help="a course data folder, for its region "
                           "names (default: data/)")
    aggregate.set_defaults(run=_aggregate)
    handout = commands.add_parser("handout", help="build the static HTML handout")
    handout.add_argument("--out", required=True, metavar="DIR", help="where to write the site")
    handout.add_argument("--data", metavar="DIR", help="a course data folder (default: data/)")
    handout.set_defaults(run=_handout)
    edition = commands.add_parser("edition", help="build an edition of the course for one audience")
    edition.add_argument("kind", choices=("self-paced", "learner", "facilitator"), metavar="KIND",
                         help="self-paced, learner (no model answers) or facilitator (notes inline)")
    edition.add_argument("--data", metavar="DIR", help="a course data folder (default: data/)")
    edition.add_argument("--out", required=True, metavar="OUT", help="the folder to write")
    edition.set_defaults(run=_edition)
    new = commands.add_parser("new-course", help="start your own course: copy the data to edit")
    new.add_argument("folder", metavar="DIR", help="a new or empty folder")
    new.set_defaults(run=_new_course)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)  # exits with status 2 and a usage line on bad usage
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
