"""Markdown someone else wrote (the facilitator guide), made safe to show anywhere.

Raw HTML is shown as its text, never as elements: a guide can run no script and make no
page fetch anything. HTML comments (the guide's ``<!-- notes-for: ... -->`` markers) stay
hidden. Links to ``javascript:``, ``data:`` and the like keep their words but lose the link;
a picture on the web becomes a link to it, so opening a page fetches nothing.

Parsing with mistune (already the handout's renderer) and rendering each kind of token
ourselves is simpler and sturdier than cleaning HTML afterwards: nothing the guide wrote
reaches the output except through a renderer that escapes it.
"""

from __future__ import annotations

import re
from typing import Any

import mistune
from mistune.renderers.html import HTMLRenderer
from mistune.renderers.markdown import MarkdownRenderer

HTML_PLUGINS = ("strikethrough", "footnotes", "table")
MARKDOWN_PLUGINS = ("strikethrough", "table")  # what MarkdownRenderer can write back
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # CommonMark: any of these may be \-escaped


def _is_comment(raw: str) -> bool:
    raw = raw.strip()
    return raw.startswith("<!--") and raw.endswith("-->") and raw.count("-->") == 1


def _is_remote(url: str) -> bool:
    return bool(re.match(r"\s*(?:[a-z][a-z0-9+.-]*:|//|\\\\)", url, re.IGNORECASE))


class _SafeHTML(HTMLRenderer):
    GOOD_DATA_PROTOCOLS = ()

    def __init__(self) -> None:
        super().__init__(escape=True)

    def text(self, text: str) -> str:
        return mistune.util.safe_entity(text)  # "&lt;" stays the character it names

    def inline_html(self, html: str) -> str:
        return "" if _is_comment(html) else super().inline_html(html)

    def block_html(self, html: str) -> str:
        return "" if _is_comment(html) else super().block_html(html)

    def link(self, text: str, url: str, title: str | None = None) -> str:
        return text if self.sanitize_url(url) != url else super().link(text, url, title)

    def image(self, text: str, url: str, title: str | None = None) -> str:
        if _is_remote(url):
            return self.link(text or "picture", url, title)
        return super().image(text, url, title)


_SAFE_URL = _SafeHTML().sanitize_url


class _SafeMarkdown(MarkdownRenderer):
    """Writes Markdown back out, with raw HTML turned into escaped text."""

    def render_referrences(self, state: Any):
        return []  # every link is written inline, with its checked URL

    def inline_html(self, token: dict[str, Any], state: Any) -> str:
        return "" if _is_comment(token["raw"]) else _PUNCTUATION.sub(r"\\\1", token["raw"])

    def block_html(self, token: dict[str, Any], state: Any) -> str:
        if _is_comment(token["raw"]):
            return ""
        lines = token["raw"].strip().splitlines()
        return "\n".join(_PUNCTUATION.sub(r"\\\1", line.strip()) for line in lines) + "\n\n"

    def link(self, token: dict[str, Any], state: Any) -> str:
        url = token["attrs"]["url"]
        if _SAFE_URL(url) != url:
            return self.render_children(token, state)
        return super().link({**token, "label": None}, state)

    def image(self, token: dict[str, Any], state: Any) -> str:
        if _is_remote(token["attrs"]["url"]):
            children = token.get("children") or [{"type": "text", "raw": "picture"}]
            return self.link({**token, "type": "link", "children": children}, state)
        return super().image({**token, "label": None}, state)


def to_html(text: str) -> str:
    """The Markdown as HTML, with nothing in it that runs or fetches."""
    return mistune.create_markdown(renderer=_SafeHTML(), plugins=list(HTML_PLUGINS))(text)


def to_markdown(text: str) -> str:
    """The Markdown written back out, so that any renderer shows raw HTML as text."""
    return mistune.create_markdown(renderer=_SafeMarkdown(), plugins=list(MARKDOWN_PLUGINS))(text)


__all__ = ["to_html", "to_markdown"]
