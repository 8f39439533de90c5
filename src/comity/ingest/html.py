"""Main text, title and date of an HTML page: trafilatura with our settings, htmldate for the
date (never over the network), and a small lxml fallback for pages trafilatura gives up on."""

from __future__ import annotations

import re
import sys
import types
from configparser import ConfigParser
from dataclasses import dataclass
from functools import cache
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from comity.errors import ComityError, E

__all__ = ["HtmlExtract", "extract_html", "html_to_text"]


@dataclass(frozen=True, slots=True)
class HtmlExtract:
    """What :func:`extract_html` found on a page (text is raw: it is cleaned afterwards)."""

    text: str
    title: str
    date: str | None  # as the page states it (htmldate gives YYYY-MM-DD)
    author: str = ""  # the byline trafilatura found, if any


# Block-level tags: their text becomes its own paragraph.
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "tr",
        "figure",
        "figcaption",
        "address",
        "hr",
        "br",
        "form",
        "fieldset",
        "details",
        "summary",
    ]
)
# Never main text.
_SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "iframe",
        "object",
        "embed",
        "head",
        "button",
        "select",
    ]
)
# Page chrome, dropped by the fallback extractor.
_CHROME = frozenset(["nav", "header", "footer", "aside", "form", "menu"])

# Options of trafilatura's own settings.cfg that differ from its defaults for our use: we
# also keep short pages (press releases, briefs), and never look up dates over the network.
_TRAFILATURA_OPTIONS = {
    "MIN_EXTRACTED_SIZE": "1",
    "MIN_OUTPUT_SIZE": "1",
    "EXTENSIVE_DATE_SEARCH": "off",
    "EXTRACTION_TIMEOUT": "0",
}
_DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}


def _shim_lxml_html_clean() -> None:
    """trafilatura imports jusText, which imports ``lxml.html.clean``; since lxml 5.2 that module
    is a separate package (``lxml_html_clean``). jusText is only used by trafilatura's fallback
    extraction, which we switch off (``fast=True``), so when the package is missing we register
    an empty stand-in that fails loudly if anything ever uses it."""
    try:
        import lxml.html.clean  # noqa: F401
    except ImportError:
        stand_in = types.ModuleType("lxml.html.clean")

        class Cleaner:
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                raise ImportError("lxml.html.clean is not installed (pip install lxml_html_clean)")

        stand_in.Cleaner = Cleaner  # type: ignore[attr-defined]
        sys.modules["lxml.html.clean"] = stand_in


@cache
def _trafilatura() -> tuple[Any, ConfigParser] | None:
    """The trafilatura module and our config for it, or None when it cannot be imported."""
    _shim_lxml_html_clean()
    try:
        import trafilatura
        from trafilatura.settings import use_config
    except ImportError:
        return None
    config = use_config()
    for key, value in _TRAFILATURA_OPTIONS.items():
        config.set("DEFAULT", key, value)
    return trafilatura, config


def _parse(markup: str) -> Any:
    """An lxml tree of ``markup`` (recovering from broken markup), or None."""
    markup = re.sub(r"^\s*<\?xml[^>]*>", "", markup)  # lxml refuses str with an encoding decl
    if not markup.strip():
        return None
    try:
        return lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return None


def _text_of(element: Any, skip: frozenset[str]) -> str:
    """Text of ``element`` with block elements as blank-line-separated paragraphs."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in skip or not tag:  # comments, processing instructions, skipped tags
            if node.tail:
                parts.append(node.tail)
            return
        block = tag in _BLOCKS
        if block:
            parts.append("\n\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if block:
            parts.append("\n\n")
        if node.tail:
            parts.append(node.tail)

    walk(element)
    text = "".join(parts)
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed summary, say), paragraphs separated by blank lines."""
    if "<" not in markup:
        return markup.strip()
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]*>", " ", markup).strip()
    return _text_of(root, _SKIP)


def _fallback(tree: Any) -> tuple[str, str]:
    """(text, title) by hand: the <article>/<main> (else <body>) without page chrome."""
    title_el = tree.find(".//title")
    h1 = tree.find(".//h1")
    title = ""
    for el in (h1, title_el):
        if el is not None and el.text_content().strip():
            title = " ".join(el.text_content().split())
            break
    body = tree.find(".//article")
    if body is None:
        body = tree.find(".//main")
    if body is None:
        body = tree.find(".//body")
    if body is None:
        body = tree
    return _text_of(body, _SKIP | _CHROME), title


def _find_date(tree: Any) -> str | None:
    from htmldate import find_date

    try:
        return find_date(tree, **_DATE_PARAMS)
    except (ValueError, TypeError):
        return None


def extract_html(markup: str, *, url: str = "", where: str = "") -> HtmlExtract:
    """Main text, title and publication date of an HTML page.

    Raises E107 (naming ``where``) when the page has no text at all."""
    tree = _parse(markup)
    if tree is None:
        raise ComityError(E.E107, where=where)
    text, title, date, author = "", "", None, ""
    loaded = _trafilatura()
    if loaded is not None:
        trafilatura, config = loaded
        result = trafilatura.bare_extraction(
            tree,
            url=url or None,
            fast=True,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            date_extraction_params=_DATE_PARAMS,
            config=config,
        )
        if result is not None:
            # trafilatura puts one paragraph a line: make that explicit
            text = "\n\n".join(line for line in (result.text or "").splitlines() if line.strip())
            title = result.title or ""
            date = result.date or None
            author = result.author or ""
    # trafilatura may modify the tree it is given: parse again for the fallback
    if not text.strip():
        tree = _parse(markup)
        text, fallback_title = _fallback(tree)
        title = title or fallback_title
    if date is None:
        date = _find_date(_parse(markup))
    if not text.strip():
        raise ComityError(E.E107, where=where)
    return HtmlExtract(text=text, title=" ".join(title.split()), date=date, author=author.strip())
