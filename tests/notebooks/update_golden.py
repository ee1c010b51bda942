"""Record the printed text of every ``# NBVAL_CHECK_OUTPUT`` cell into golden.yaml.

Run it after changing what a checked cell prints, then read the diff before committing:
    python tests/notebooks/update_golden.py
"""

from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("notebooks", "exercises", "facilitator")


def _literal(dumper, text):
    """Multi-line text as a YAML block, so a changed line shows as one changed line in a diff."""
    style = "|" if "\n" in text and not any(line != line.rstrip() for line in text.splitlines()) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


yaml.SafeDumper.add_representer(str, _literal)


def printed(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")


def main() -> None:
    golden = {}
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            if not any("NBVAL_CHECK_OUTPUT" in c.source for c in nb.cells if c.cell_type == "code"):
                continue
            NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(path.parent)}},
                           store_widget_state=False).execute()
            golden[path.relative_to(ROOT).as_posix()] = {
                c.id: printed(c) for c in nb.cells
                if c.cell_type == "code" and "NBVAL_CHECK_OUTPUT" in c.source}
    out = ROOT / "tests" / "notebooks" / "golden.yaml"
    out.write_text("# Expected printed text of each NBVAL_CHECK_OUTPUT cell (see conftest.py).\n"
                   + yaml.safe_dump(golden, allow_unicode=True, sort_keys=True, width=100),
                   encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}: {sum(map(len, golden.values()))} cells")


if __name__ == "__main__":
    main()
