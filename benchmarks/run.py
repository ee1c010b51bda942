"""The course's performance budget: each figure beside its floor, measured in the same run.

A floor is what the same job cannot beat with the tools it is built on: starting a kernel,
importing plotly and ipywidgets, PyYAML's C loader, reading and parsing JSON files. Prints
one Markdown table on stdout and its progress on stderr.

Run: .venv/bin/python benchmarks/run.py          (the whole suite takes a few minutes)
     .venv/bin/python benchmarks/run.py --quick  (skips the whole test suite)
     .venv/bin/python benchmarks/run.py --only import,validate  (only those rows)

Processor ("CPU") times are for work done in one process; clock ("wall") times are for work
spread over processes (pytest, kernels). On a busy machine wall times grow: the load average
is printed at the start and the end, and runs under different loads are not comparable.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import aggregate
import nbformat
import yaml
from nbclient import NotebookClient

from trustgrid.data import validate_paths
from trustgrid.summary import summarise
from trustgrid.workshop import load_responses

NOTEBOOK_FOLDERS = ("notebooks", "exercises", "facilitator")
SCENARIOS = 10_000
PARTS = ("suite", "import", "validate", "aggregate", "notebooks")


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def best(job, repeats: int) -> float:
    """The least processor time of ``repeats`` runs of job()."""
    times = []
    for _ in range(repeats):
        started = time.process_time()
        job()
        times.append(time.process_time() - started)
    return min(times)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f} (1, 5, 15 min) on {os.cpu_count()} CPUs"


# --- notebooks and the test suite (wall-clock times) ---------------------------------------------

def notebooks() -> list[Path]:
    return sorted(p for folder in NOTEBOOK_FOLDERS for p in (ROOT / folder).glob("*.ipynb"))


def run_all(notebook: nbformat.NotebookNode, folder: Path) -> float:
    """Seconds to start a kernel and run every cell, saving work in a fresh temporary folder."""
    with tempfile.TemporaryDirectory() as work:
        os.environ["TRUSTGRID_WORK_DIR"] = work  # the kernel inherits it
        try:
            started = time.perf_counter()
            NotebookClient(notebook, timeout=300, kernel_name="python3", store_widget_state=False,
                           resources={"metadata": {"path": str(folder)}},
                           ).execute(stderr=subprocess.DEVNULL)  # the kernel's start-up warnings
            return time.perf_counter() - started
        finally:
            del os.environ["TRUSTGRID_WORK_DIR"]


def empty_kernel() -> float:
    """The floor of every notebook run: an empty notebook still starts a kernel (median of 3)."""
    return median(run_all(nbformat.v4.new_notebook(), ROOT) for _ in range(3))


def pytest(*args: str) -> tuple[float, str]:
    """Seconds for a pytest run (learners' work kept in a temporary folder) and its summary."""
    with tempfile.TemporaryDirectory() as work:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
                              check=False, cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "TRUSTGRID_WORK_DIR": work})
        seconds = time.perf_counter() - started
    lines = [line.strip("= ") for line in done.stdout.splitlines() if line.strip()]
    summary = lines[-1] if lines else f"exit status {done.returncode}"
    return seconds, re.sub(r" in [\d.]+s.*$", "", summary)


# --- single jobs (processor times) ---------------------------------------------------------------

def import_time(modules: str) -> float:
    """Processor time of importing modules in a fresh Python, best of 5."""
    code = (f"import time; t = time.process_time(); import {modules}; "
            "print(time.process_time() - t)")
    return min(float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                                    capture_output=True, text=True).stdout) for _ in range(5))


def big_scenarios(folder: Path) -> Path:
    """data/scenarios.yaml grown to 10,000 scenarios (~13 MB); deep copies, so no anchors."""
    items = yaml.safe_load((ROOT / "data" / "scenarios.yaml").read_text(encoding="utf-8"))["scenarios"]
    scenarios = [dict(copy.deepcopy(items[i % len(items)]), id=f"s{i}") for i in range(SCENARIOS)]
    path = folder / "scenarios.yaml"
    path.write_text("# yaml-language-server: $schema=schema/scenarios.schema.json\n"
                    + yaml.safe_dump({"scenarios": scenarios}, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return path


def read_json_files(folder: Path) -> None:
    for path in folder.iterdir():
        json.loads(path.read_bytes())


# --- the table -----------------------------------------------------------------------------------

def row(what: str, clock: str, seconds: float | None, floor: float | None, floor_is: str,
        floor_shown: str | None = None) -> str:
    shown = "—" if seconds is None else f"{seconds:.2f} s"
    ratio = f"{seconds / floor:.1f}" if seconds is not None and floor else "—"
    floor_text = floor_shown or ("—" if floor is None else f"{floor:.2f} s")
    return f"| {what} | {clock} | {shown} | {floor_text} | {ratio} | {floor_is} |"


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--quick", action="store_true", help="skip the whole test suite")
    options.add_argument("--only", metavar="PARTS", help=f"comma-separated, of: {', '.join(PARTS)}")
    args = options.parse_args()
    parts = (set(args.only.split(",")) if args.only
             else set(PARTS) - ({"suite"} if args.quick else set()))
    if parts - set(PARTS):
        options.error(f"--only: unknown part {', '.join(sorted(parts - set(PARTS)))}")
    at_start = load()
    progress(f"load average at start: {at_start}")
    rows = []
    books = notebooks()

    if parts & {"suite", "notebooks"}:
        progress("starting an empty kernel (3 times) ...")
        kernel = empty_kernel()
    else:
        kernel = 0.0
    kernels = kernel * len(books)
    kernels_shown = f"{len(books)} × {kernel:.2f} s = {kernels:.2f} s"
    kernels_are = "an empty kernel started once per notebook"

    if "suite" in parts:
        paths = ["tests", *NOTEBOOK_FOLDERS]
        progress("running the whole test suite without browser tests (a few minutes) ...")
        seconds, summary = pytest("--nbval-lax", "--nbval-current-env", *paths, "-m", "not browser")
        rows.append(row(f"Whole test suite, without browser tests ({summary})", "wall", seconds,
                        kernels, kernels_are, kernels_shown))
        progress("running the notebooks alone under nbval ...")
        seconds, summary = pytest("--nbval-lax", "--nbval-current-env", *NOTEBOOK_FOLDERS)
        rows.append(row(f"nbval part alone: {len(books)} notebooks ({summary})", "wall", seconds,
                        kernels, kernels_are, kernels_shown))
        if (ROOT / "tests" / "browser").is_dir():
            progress("running the browser tests ...")
            seconds, summary = pytest("-m", "browser", "tests/browser")
            rows.append(row(f"Browser tests ({summary})", "wall", seconds, None,
                            "none measured (JupyterLab, Voilà and Chromium)"))

    if "import" in parts:
        progress("importing trustgrid.notebook in a fresh Python (5 times each) ...")
        rows.append(row("`import trustgrid.notebook`, fresh Python, best of 5", "CPU",
                        import_time("trustgrid.notebook"),
                        import_time("plotly.graph_objects, ipywidgets"),
                        "`import plotly.graph_objects, ipywidgets` alone"))

    if "validate" in parts:
        with tempfile.TemporaryDirectory() as tmp:
            progress(f"writing a {SCENARIOS:,}-scenario file ...")
            path = big_scenarios(Path(tmp))
            text = path.read_text(encoding="utf-8")
            size = f"{path.stat().st_size / 1e6:.1f} MB"
            progress("validating it (best of 3), and its floor ...")
            validating = best(lambda: validate_paths([path]), 3)
            rows.append(row(f"Validate a {SCENARIOS:,}-scenario file ({size}), best of 3", "CPU",
                            validating, best(lambda: yaml.load(text, Loader=yaml.CSafeLoader), 3),
                            "`yaml.load(text, Loader=yaml.CSafeLoader)` of the same file"))
            rows.append(row("… the same validation", "CPU", validating,
                            best(lambda: sum(1 for _ in yaml.parse(text, Loader=yaml.CSafeLoader)),
                                 3),
                            "libyaml's parse events alone, "
                            "`yaml.parse(text, Loader=yaml.CSafeLoader)`"))

    if "aggregate" in parts:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            progress(f"aggregating {aggregate.PARTICIPANTS} × {aggregate.SCENARIOS} responses "
                     "(best of 5) ...")
            aggregate.make_folder(folder)
            rows.append(row(f"Aggregate {aggregate.PARTICIPANTS} × {aggregate.SCENARIOS} "
                            "responses (load_responses + summarise), best of 5", "CPU",
                            best(lambda: summarise(load_responses(folder)[0]), 5),
                            best(lambda: read_json_files(folder), 5),
                            "reading and JSON-parsing the same files"))

    for book in books if "notebooks" in parts else ():
        name = book.relative_to(ROOT).as_posix()
        progress(f"running {name} ...")
        try:
            seconds = run_all(nbformat.read(book, as_version=4), book.parent)
        except Exception as exc:  # noqa: BLE001 (a failing notebook is shown in the table)
            rows.append(row(f"Run all: {name} ({book.stat().st_size:,} bytes): FAILED, "
                            f"{type(exc).__name__}", "wall", None, kernel, "an empty kernel"))
            continue
        rows.append(row(f"Run all: {name} ({book.stat().st_size:,} bytes)", "wall", seconds,
                        kernel, "an empty kernel"))

    at_end = load()
    progress(f"load average at end: {at_end}")
    print("| Measure | Clock | Time | Floor | × floor | The floor is |")
    print("|---|---|---:|---:|---:|---|")
    print("\n".join(rows))
    print(f"\nLoad average at start: {at_start}; at end: {at_end}. "
          "Wall times under load are not comparable with those of a quiet machine.")


if __name__ == "__main__":
    main()
