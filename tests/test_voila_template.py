"""The course's Voilà template is on wherever Voilà starts, and its pages link nothing off
the machine. No browser: the HTML that standalone Voilà and Voilà inside JupyterLab serve,
each started in a folder outside the repo (so nothing in the repo's folder plays a part)."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import nbformat
import pytest

from tests.browser import pages

TEMPLATE_STATIC = "/voila/templates/trustgrid/static/"
PAGES = {
    "notebook": "voila/render/hello.ipynb",
    "tree": "voila/tree",
    "classic tree": "voila/tree?classic-tree=true",
    "404": "voila/render/no-such-notebook.ipynb",
}


@pytest.fixture(scope="module", params=["voila", "lab"])
def served(request, tmp_path_factory) -> dict[str, str]:
    """Each page's HTML from standalone Voilà, or from JupyterLab's Voilà extension."""
    root = tmp_path_factory.mktemp("voila-root")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hello"),
                                         nbformat.v4.new_code_cell("1 + 1")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, root / "hello.ipynb")
    work = tmp_path_factory.mktemp("voila-work")
    server = pages.start_server(request.param, root, work, log_dir=work)  # started in root
    try:
        html = {}
        for name, path in PAGES.items():
            path, _, query = path.partition("?")
            url = server.url(path, **dict([query.split("=")] if query else []))
            try:
                with urllib.request.urlopen(url, timeout=60) as response:
                    html[name] = response.read().decode()
            except urllib.error.HTTPError as error:
                html[name] = error.read().decode()
        return html
    finally:
        pages.stop_server(server)


@pytest.mark.parametrize("name", PAGES)
def test_page_comes_from_the_course_template_and_links_nothing_off_the_machine(served, name):
    html = served[name]
    assert TEMPLATE_STATIC in html, (
        "not the course's Voilà template: install the course's Jupyter files "
        "(make, or scripts/install-jupyter-files PREFIX)")
    assert "cdn.jsdelivr.net" not in html
    # No stylesheet, script or font from another host, nor an @import of one.
    tags = re.findall(r"<(?:link|script)\b[^>]*>", html)
    assert [t for t in tags if re.search(r"""(?:href|src)=["']?(?:https?:)?//""", t)] == []
    assert not re.search(r"@import\s+(?:url\()?[\"']?(?:https?:)?//", html)


def test_notebook_page_uses_the_bundled_mathjax(served):
    """A MathJax URL in the page config makes Voilà's page load MathJax 2 from it: from cdnjs
    inside JupyterLab, whose server has no mathjax_url. Without one it uses its own."""
    config = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                       served["notebook"], re.DOTALL)
    assert config, "no page config on the notebook page"
    page_config = json.loads(config.group(1))
    assert page_config["fullMathjaxUrl"] is None and page_config["mathjaxConfig"] is None
