"""The hub's guidance manual: its sections, read from ``resources/guidance``, and searching them.

Each section is one markdown file named ``NN-id.md``: ``NN`` orders the
contents, ``id`` is the section's stable anchor (what ``show_help`` and links
such as ``[RAG](#rag)`` name), and the file's first ``# `` line is its title.
Nothing here draws anything: the help window (help_window.py) shows what
this module reads.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ...domain.errors import EnvironmentFault
from ...paths import resource

#: Sections the client's screens open (each must exist; a test checks it).
WELCOME = "welcome"
PROCESS = "process"
PROCESS_MAP = "process-map"
QUEUE = "queue"
CASE_WORKSPACE = "case-workspace"
INTAKE = "intake"
CONSULTATION = "consultation"
SCREENING = "screening"
ALLOCATION = "allocation"
DISCLOSURE = "disclosure"
AUTHORISE = "authorise"
DECISION = "decision"
STRATEGY = "strategy-discussion"
OPENING_REASON = "opening-reason"
SIGN_IN = "sign-in"
FAMILY_NETWORK = "household-network"
PERSON_CHRONOLOGY = "person-chronology"
PERSON_WARNINGS = "person-warnings"
NOTICES = "notices"
SHARING_AGREEMENTS = "sharing-agreements"
NO_SHARE = "no-share"
SUBJECT_ACCESS = "subject-access"
RETENTION = "retention"

_FILE = re.compile(r"(\d+)-([a-z0-9-]+)\.md")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`#|>]+")
_WORD = re.compile(r"\w[\w'’-]*")


@dataclass(frozen=True)
class Section:
    """One section of the guidance: its anchor id, title and markdown text."""

    id: str
    title: str
    markdown: str

    @functools.cached_property
    def plain(self) -> str:
        """The text as read, without markdown marks or link targets: what search looks in."""
        return _MARKUP.sub(" ", _LINK_TARGET.sub("]", self.markdown)).replace("[", " ").replace("]", " ")


def guidance_dir() -> Path:
    return resource("guidance")


def read_sections(folder: Path) -> tuple[Section, ...]:
    """Every ``NN-id.md`` section in ``folder``, in contents order."""
    found: list[tuple[int, Section]] = []
    for path in folder.glob("*.md"):
        match = _FILE.fullmatch(path.name)
        if match is None:
            continue
        text = path.read_text(encoding="utf-8")
        first = text.lstrip().splitlines()[0] if text.strip() else ""
        title = first[2:].strip() if first.startswith("# ") else match.group(2)
        found.append((int(match.group(1)), Section(match.group(2), title, text)))
    found.sort(key=lambda item: (item[0], item[1].id))
    return tuple(section for _, section in found)


@functools.cache
def sections() -> tuple[Section, ...]:
    """The shipped guidance (read once per process)."""
    folder = guidance_dir()
    loaded = read_sections(folder) if folder.is_dir() else ()
    if not loaded:
        raise EnvironmentFault("The hub's guidance is missing from this installation: reinstall MASH Desktop.")
    return loaded


def find(section_id: str) -> Section | None:
    """The shipped section with this anchor id, if there is one."""
    return next((s for s in sections() if s.id == section_id), None)


def query_words(query: str) -> list[str]:
    """The words of a search, lower case, each once, in the order typed."""
    words: list[str] = []
    for word in _WORD.findall(query.lower()):
        if word not in words:
            words.append(word)
    return words


def matches(section: Section, words: list[str]) -> bool:
    """Whether the section's title or text contains every word (case-insensitive, as a part of a word too)."""
    haystack = f"{section.title}\n{section.plain}".lower()
    return all(word in haystack for word in words)


def search(query: str, within: tuple[Section, ...] | None = None) -> list[Section]:
    """The sections containing every word of ``query``; all of them for an empty query."""
    pool = sections() if within is None else within
    words = query_words(query)
    return [s for s in pool if matches(s, words)]
