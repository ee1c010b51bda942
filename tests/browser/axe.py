"""axe-core in a Playwright page: install it, inject it, run it, summarise it.

axe-core is pinned in tests/browser/package.json and package-lock.json (exact version and
sha512 integrity). ``ensure_axe()`` fetches that exact tarball from the npm registry when
tests/browser/node_modules/axe-core is missing and checks it against the lock file's
integrity before unpacking, so the tests need neither Node.js nor npm (``npm ci
--prefix tests/browser`` installs the same files).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import tarfile
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE_DIR = HERE / "node_modules" / "axe-core"
AXE_JS = PACKAGE_DIR / "axe.min.js"
REGISTRY = os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org").rstrip("/")

# WCAG 2.0, 2.1 and 2.2, levels A and AA (axe's tags for them).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
SERIOUS = ("serious", "critical")


def locked() -> tuple[str, str]:
    """axe-core's version and sha512 integrity, from package-lock.json."""
    lock = json.loads((HERE / "package-lock.json").read_text())
    entry = lock["packages"]["node_modules/axe-core"]
    return entry["version"], entry["integrity"]


def ensure_axe() -> Path:
    """The path of axe.min.js, installing the pinned axe-core first if it is missing."""
    version, integrity = locked()
    installed = PACKAGE_DIR / "package.json"
    if AXE_JS.exists() and json.loads(installed.read_text()).get("version") == version:
        return AXE_JS
    url = f"{REGISTRY}/axe-core/-/axe-core-{version}.tgz"
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            tarball = response.read()
    except OSError as exc:
        raise RuntimeError(f"could not download axe-core {version} from {url}: {exc}") from exc
    algorithm, _, expected = integrity.partition("-")
    got = base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode()
    if got != expected:
        raise RuntimeError(f"{url} does not match package-lock.json's integrity {integrity}")
    staging = PACKAGE_DIR.with_name(".axe-core-unpacking")
    shutil.rmtree(staging, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        archive.extractall(staging, filter="data")  # npm tarballs hold one folder, package/
    shutil.rmtree(PACKAGE_DIR, ignore_errors=True)
    (staging / "package").rename(PACKAGE_DIR)
    shutil.rmtree(staging, ignore_errors=True)
    return AXE_JS


def inject(page) -> None:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(ensure_axe()))


def run(page, include: list[str], exclude: list[str] = ()) -> dict:
    """``axe.run`` on the parts of the page under ``include`` (CSS selectors), less
    ``exclude``, with the WCAG 2.x A/AA rules. Returns axe's results object."""
    inject(page)
    return page.evaluate(
        """async ([include, exclude, tags]) => {
             const context = {include: include.map(s => [s]), exclude: exclude.map(s => [s])};
             return await axe.run(context, {
               runOnly: {type: 'tag', values: tags},
               resultTypes: ['violations'],
             });
           }""",
        [list(include), list(exclude), WCAG_TAGS],
    )


def serious(results: dict) -> list[dict]:
    """The serious and critical violations."""
    return [v for v in results.get("violations", []) if v.get("impact") in SERIOUS]


def describe(violations: list[dict], nodes: int = 5) -> str:
    """Violations in words: rule, impact, help, and the first few elements with why."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{', '.join(v.get('tags', []))}]")
        for node in v.get("nodes", [])[:nodes]:
            target = " ".join(str(t) for t in node.get("target", []))
            why = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}: {node.get('html', '')[:160]} -- {why[:300]}")
        more = len(v.get("nodes", [])) - nodes
        if more > 0:
            lines.append(f"    ... and {more} more")
    return "\n".join(lines)
