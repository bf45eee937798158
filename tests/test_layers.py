"""The package's layering, checked on the source: who may import what.

Only ``mash_desktop.gui`` may import Qt, so everything below it runs (and is
tested) without a screen; ``mash_desktop.domain`` imports nothing else of
ours, so the rules stay free of storage and screens.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "mash_desktop"
QT_PACKAGES = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) for every import in the file."""
    module = _module_name(path)
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if node.module is None:
                # "from . import x" may import the submodule x.
                for alias in node.names:
                    yield node.lineno, f"{target}.{alias.name}"
            else:
                yield node.lineno, target


def _sources(under: Path = PACKAGE) -> list[Path]:
    return sorted(under.rglob("*.py"))


def _is_within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_the_walk_sees_imports():
    """Guard against a checker that silently checks nothing."""
    gui_imports = {name for path in _sources(PACKAGE / "gui") for _, name in _imports(path)}
    assert any(_is_within(n, "PySide6") for n in gui_imports)
    assert "mash_desktop.services.referrals" in gui_imports
    domain_imports = {name for path in _sources(PACKAGE / "domain") for _, name in _imports(path)}
    assert any(_is_within(n, "mash_desktop.domain") for n in domain_imports)


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_only_gui_imports_qt(path: Path):
    if _is_within(_module_name(path), "mash_desktop.gui"):
        return
    offending = [(line, name) for line, name in _imports(path)
                 if any(_is_within(name, qt) for qt in QT_PACKAGES)]
    assert not offending, f"{path.name} imports Qt outside mash_desktop/gui: {offending}"


@pytest.mark.parametrize("path", _sources(PACKAGE / "domain"), ids=lambda p: p.name)
def test_domain_imports_nothing_else_of_ours(path: Path):
    offending = [(line, name) for line, name in _imports(path)
                 if _is_within(name, "mash_desktop") and not _is_within(name, "mash_desktop.domain")]
    assert not offending, f"{path.name} reaches outside mash_desktop/domain: {offending}"
