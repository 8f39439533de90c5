"""Cleaning of scraped article text: page furniture, link blocks, glued headings and lists,
teasers, repeated paragraphs and citation markers go; the article's own words stay.

``clean_text(raw)`` returns a :class:`Cleaned` with paragraphs separated by ``"\\n\\n"``, the
detected headline, counts of what was changed (``flags``) and the citation markers removed.
Patterns for furniture and link-block headings live in ``furniture.txt``; CamelCase words that
must never be split as glued headings live in ``camelcase.txt`` (both beside this module).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

from comity.errors import ComityError, E

__all__ = ["Cleaned", "clean_text", "load_furniture"]


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The result of :func:`clean_text`."""

    text: str  # paragraphs separated by "\n\n"
    title: str  # detected headline ("" if none)
    flags: dict[str, int]  # counts per kind of what was removed/changed
    citations: list[str]  # citation markers removed, in order ("[1]", "[3]", ...)


# --------------------------------------------------------------------------- data files


@dataclass(frozen=True, slots=True)
class Furniture:
    """Compiled contents of ``furniture.txt``."""

    phrases: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    related: tuple[str, ...]  # link-block headings, longest first


_FURNITURE_MAX_CHARS = 300
_TRAILING_JUNK = " \t:»›>|.…-–—"


def _data_lines(name: str) -> list[tuple[int, str]]:
    text = resources.files("comity.ingest").joinpath(name).read_text(encoding="utf-8")
    out = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            out.append((lineno, stripped))
    return out


@cache
def load_furniture() -> Furniture:
    """Load and validate ``furniture.txt`` (cached). Raises E201 naming the file and line."""
    phrases: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    related: set[str] = set()
    for lineno, line in _data_lines("furniture.txt"):
        where = f"furniture.txt:{lineno}"
        if line.startswith("re:"):
            source = line[3:].strip()
            try:
                pattern = re.compile(source, re.IGNORECASE)
            except re.error as exc:
                raise ComityError(E.E201, where=where, detail=f"bad regex: {exc}") from exc
            if pattern.fullmatch(""):
                raise ComityError(E.E201, where=where, detail="pattern matches an empty line")
            patterns.append(pattern)
        elif line.startswith("related:"):
            phrase = _norm(line[8:])
            if not phrase:
                raise ComityError(E.E201, where=where, detail="empty related heading")
            related.add(phrase)
        else:
            phrase = _norm(line)
            if not phrase:
                raise ComityError(E.E201, where=where, detail="empty phrase")
            phrases.add(phrase)
    return Furniture(frozenset(phrases), tuple(patterns), tuple(sorted(related, key=len, reverse=True)))


@cache
def load_camelcase() -> frozenset[str]:
    """Load ``camelcase.txt`` (cached): lower-cased words never split as glued headings."""
    words = set()
    for lineno, line in _data_lines("camelcase.txt"):
        if not re.fullmatch(r"[A-Za-z]+", line):
            raise ComityError(E.E201, where=f"camelcase.txt:{lineno}", detail=f"not one word: {line!r}")
        words.add(line.lower())
    return frozenset(words)


# --------------------------------------------------------------------------- small helpers

_WS = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_TERMINAL = ".!?:;…\"”’)]'"
_MINOR_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "as",
        "vs",
        "vs.",
        "via",
        "yet",
        "over",
        "amid",
        "into",
        "onto",
        "upon",
        "per",
        "than",
        "after",
        "before",
        "under",
        "about",
        "against",
        "between",
        "without",
        "its",
    ]
)
_NAME_PREFIXES = frozenset(
    ["mc", "mac", "de", "di", "da", "du", "la", "le", "van", "von", "fitz", "o", "al", "el"]
)
_LIST_MARKER = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|[-–—•*▪·◦●‣])\s+(?=\S)")
_LABEL = re.compile(r"^(?:headline|title|subheadline|subtitle|sub-headline)\s*:\s*", re.I)
_CITATION_RUN = re.compile(r"[ \t]*((?:\[\d{1,3}\])+)")
_CITATION = re.compile(r"\[\d{1,3}\]")
_REFERENCE_ENTRY = re.compile(r"^\[\d{1,3}\]\s+\S")
_REFERENCE_HEADING = re.compile(r"(?:references|sources|notes|footnotes|bibliography|citations)\s*:?", re.I)
_GLUE_POINT = re.compile(r"(?<=[a-z’'])(?=[A-Z][a-z])")
_GLUED_ITEM = re.compile(r"(?<=[.!?…”\"])(?:[-–]|[ \t]*(?:•|\d{1,2}\.))[ \t]+(?=[A-Z“\"‘'])")
_HEADING_DASH = re.compile(r"^([^.!?\-–]{3,80}?\w)[-–]\s+(?=[A-Z“\"])")
_BYLINE = re.compile(r"^by\s+[A-Z][\w.'’-]*(?:[ ,]+(?:and\s+)?[A-Z][\w.'’-]*){0,8}$", re.I)


def _norm(text: str) -> str:
    """Lower-cased, whitespace-collapsed, without trailing colons/ellipses: for comparisons."""
    return " ".join(text.casefold().split()).strip(_TRAILING_JUNK)


def _words(text: str) -> list[str]:
    return text.split()


def _is_title_case(text: str) -> bool:
    words = _words(text)
    if not words:
        return False
    for i, word in enumerate(words):
        core = word.strip("\"“”‘’'()[],:;!?")
        if not core:
            continue
        if core[0].isupper() or core[0].isdigit():
            continue
        if i > 0 and core.lower() in _MINOR_WORDS:
            continue
        return False
    return True


def _ends_sentence(text: str) -> bool:
    """True when ``text`` ends like a sentence (abbreviations such as "U.S." count too)."""
    return bool(text) and text[-1] in _TERMINAL


def _is_headline_like(text: str) -> bool:
    """Short, and no final full stop unless it closes an abbreviation like "U.S."."""
    words = _words(text)
    if not 1 <= len(words) <= 30 or len(text) > 250:
        return False
    if text[-1] in "!?":
        return True
    if text[-1] == ".":
        last = words[-1].strip('"”’)')
        return last.count(".") >= 2 and len(last) <= 6  # U.S. U.K. U.N.
    return text[-1] not in ";,…"


def _is_link_like(text: str) -> bool:
    words = _words(text)
    return 1 <= len(words) <= 25 and (not _ends_sentence(text) or text.endswith("?"))


# --------------------------------------------------------------------------- stages


def _normalise(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    return "\n".join(_WS.sub(" ", line).strip() for line in text.split("\n"))


def _units(text: str) -> list[str]:
    """Paragraph candidates: blank-line blocks split into lines, hard-wrapped lines re-joined."""
    units: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.split("\n") if line]
        current = ""
        for line in lines:
            if current and _continues(current, line):
                current = current[:-1] + line if current.endswith("-") else current + " " + line
            else:
                if current:
                    units.append(current)
                current = line
        if current:
            units.append(current)
    return units


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` continues a hard-wrapped ``previous`` line rather than starting anew."""
    if _ends_sentence(previous) or _LIST_MARKER.match(line):
        return False
    if line[0].islower():
        return True
    return len(previous) >= 60 and not _is_title_case(previous)


def _strip_citations(unit: str, citations: list[str]) -> str:
    def repl(match: re.Match[str]) -> str:
        citations.extend(_CITATION.findall(match.group(1)))
        return ""

    return _CITATION_RUN.sub(repl, unit).strip()


def _split_glued_items(unit: str, flags: Counter[str]) -> list[str]:
    """ "Heading- First item.- Second item" -> ["Heading", "First item.", "Second item"]."""
    parts = _GLUED_ITEM.split(unit)
    if len(parts) == 1:
        return [unit]
    flags["list_items"] += len(parts) - 1
    head = _HEADING_DASH.match(parts[0])
    if head and _is_title_case(head.group(1)) and len(_words(head.group(1))) <= 12:
        flags["glued_headings"] += 1
        parts[0:1] = [head.group(1), parts[0][head.end() :]]
    return [p.strip() for p in parts if p.strip()]


def _split_glued_heading(unit: str, camel: frozenset[str]) -> tuple[str, str] | None:
    """ "A Strained Yet Solid AllianceRussia and ..." -> ("A Strained Yet Solid Alliance",
    "Russia and ..."), or None when ``unit`` does not start with a glued heading."""
    stop = re.search(r"[.!?;]", unit)
    limit = min(stop.start() if stop else len(unit), 120)
    for match in _GLUE_POINT.finditer(unit, 0, limit):
        cut = match.start()
        heading, body = unit[:cut].strip(), unit[cut:]
        heading_words = _words(heading)
        if not 2 <= len(heading_words) <= 14 or not _is_title_case(heading):
            continue
        left = re.sub(r"[^A-Za-z]", "", heading_words[-1].split("-")[-1])
        right = re.match(r"[A-Za-z]+", body)
        token = left + (right.group(0) if right else "")
        if left.lower() in _NAME_PREFIXES or token.lower() in camel or len(left) < 2:
            continue
        if len(_words(body)) < 5:
            continue
        return heading, body
    return None


def _related_block(unit: str, related: tuple[str, ...]) -> tuple[bool, int] | None:
    """If ``unit`` opens a block of links to other stories: (do links follow on the next
    lines?, number of links in ``unit`` itself); else None."""
    folded = unit.casefold()
    for heading in related:
        if not folded.startswith(heading):
            continue
        rest = unit[len(heading) :]
        if rest and rest[0].isalpha() and rest[0].islower():
            continue  # "Relatedly, ..." / "Recommendations ..."
        rest = rest.strip()
        if not rest.strip(":-–—|»› "):
            return True, 0
        numbered = re.findall(r"(?:^|(?<=[^\d]))\d{1,2}\.\s*(?=[A-Z“\"‘'])", rest)
        if re.match(r"\d{1,2}\.\s*\S", rest) or _LIST_MARKER.match(rest):
            return False, max(1, len(numbered))
        if rest[0] in ":|»›" and _is_link_like(rest[1:].strip()):
            return False, 1
    return None


def _is_furniture(unit: str, furniture: Furniture) -> bool:
    if len(unit) >= _FURNITURE_MAX_CHARS:
        return False
    if _norm(unit) in furniture.phrases:
        return True
    return any(p.fullmatch(unit.strip()) for p in furniture.patterns)


def _drop_teasers(units: list[str], flags: Counter[str]) -> list[str]:
    """Drop paragraphs ending in "..."/"…" whose words start another paragraph."""
    normed = [" ".join(u.casefold().split()) for u in units]
    keep = []
    for i, unit in enumerate(units):
        if unit.endswith(("...", "…")):
            stem = normed[i].rstrip(".… ")
            if len(_words(stem)) >= 3 and any(
                j != i and len(other) > len(stem) and other.startswith(stem) for j, other in enumerate(normed)
            ):
                flags["teasers"] += 1
                continue
        keep.append(unit)
    return keep


def _drop_duplicates(units: list[str], flags: Counter[str]) -> list[str]:
    seen: set[str] = set()
    keep = []
    for unit in units:
        key = _norm(unit)
        if key in seen:
            flags["duplicate_paragraphs"] += 1
            continue
        seen.add(key)
        keep.append(unit)
    return keep


# --------------------------------------------------------------------------- entry point


def clean_text(raw: str, *, title: str = "") -> Cleaned:
    """Clean scraped article text (see the module docstring for what is removed).

    ``title``, when given, is used as the headline; otherwise the first line is taken as the
    headline when it looks like one (short, no final full stop). The headline is kept once, as
    the first paragraph of ``text``. Heading paragraphs get a closing "." so that sentence
    splitting does not run them into the next paragraph.
    """
    furniture = load_furniture()
    camel = load_camelcase()
    flags: Counter[str] = Counter()
    citations: list[str] = []
    has_references = False

    units: list[str] = []
    for line in _units(_normalise(raw)):
        if _REFERENCE_HEADING.fullmatch(line):
            has_references = True
        if _REFERENCE_ENTRY.match(line):
            has_references = True
            flags["references"] += 1
            continue
        unit, n_labels = _LABEL.subn("", line)
        flags["labels"] += n_labels
        if _LIST_MARKER.match(unit):
            flags["list_markers"] += 1
            unit = _LIST_MARKER.sub("", unit, count=1)
        unit = _strip_citations(unit, citations)
        for piece in _split_glued_items(unit, flags):
            part = _LIST_MARKER.sub("", piece, count=1)
            glued = _split_glued_heading(part, camel)
            if glued:
                flags["glued_headings"] += 1
                units.extend(glued)
            elif part:
                units.append(part)

    # furniture and link blocks
    kept: list[str] = []
    in_links = False
    for unit in units:
        block = _related_block(unit, furniture.related)
        if block is not None:
            in_links, n_links = block
            flags["related_links"] += n_links
            continue
        if in_links:
            if _is_link_like(unit) and not _is_furniture(unit, furniture):
                flags["related_links"] += 1
                continue
            in_links = False
        if _is_furniture(unit, furniture) or not any(c.isalnum() for c in unit):
            flags["furniture"] += 1
            continue
        if _BYLINE.match(unit) and len(unit) < 120:
            flags["byline"] += 1
        kept.append(unit)

    # headline
    headline = " ".join(_LABEL.sub("", title).split()) if title else ""
    if headline:
        if _norm(headline) not in {_norm(u) for u in kept}:
            kept.insert(0, headline)
    elif len(kept) > 1 and _is_headline_like(kept[0]):
        headline = kept[0]

    kept = _drop_teasers(kept, flags)
    kept = _drop_duplicates(kept, flags)
    if headline and kept and _norm(kept[0]) != _norm(headline):
        # the headline appeared later in the text: move it to the front, once
        kept = [headline] + [u for u in kept if _norm(u) != _norm(headline)]

    paragraphs = [u if _ends_sentence(u) else u + "." for u in kept]
    if citations:
        flags["citations"] = len(citations)
        if not has_references:
            flags["citations_without_references"] = 1
    return Cleaned(
        text="\n\n".join(paragraphs),
        title=headline.rstrip(),
        flags={k: v for k, v in sorted(flags.items()) if v},
        citations=citations,
    )
