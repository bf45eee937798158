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
    assert "mash_desktop.services.intake.referrals" in gui_imports
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


# -- cryptography stays in mash_desktop/security ----------------------------------

#: What the client (mash_desktop/gui) may not import: the ``cryptography``
#: package; our crypto primitives and key handling (security.crypto, the
#: sealing of case text in security.sealing, the key hierarchy in
#: security.vault, the hub key in security.hub_key, document signing keys in
#: security.document_keys); and the standard library's hashing and secrets
#: (hashlib, hmac, secrets). The one exception is vault's CASEWORK_ROLES, a
#: role set, not crypto. Crypto the client needs is a service or security
#: function it calls.
GUI_CRYPTO = ("cryptography", "mash_desktop.security.crypto", "mash_desktop.security.sealing",
              "mash_desktop.security.vault", "mash_desktop.security.hub_key", "mash_desktop.security.document_keys",
              "hashlib", "hmac", "secrets")
GUI_CRYPTO_ALLOWED = frozenset({"mash_desktop.security.vault.CASEWORK_ROLES"})


def _imported_names(source: str, module: str, is_package: bool = False) -> Iterator[tuple[int, str]]:
    """(line, name) for everything a module's source imports, down to the names taken.

    ``import a.b`` gives ``a.b``; ``from ..security import crypto`` gives
    ``mash_desktop.security.crypto``; ``from x import y`` gives ``x.y`` (so a
    submodule imported by name is seen, which :func:`_imports` does not).
    """
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                yield node.lineno, f"{target}.{alias.name}"


def _path_imports(path: Path) -> list[tuple[int, str]]:
    return list(_imported_names(path.read_text(encoding="utf-8"), _module_name(path), path.name == "__init__.py"))


def _cryptography_imports(imports: list[tuple[int, str]]) -> list[tuple[int, str]]:
    return [(line, name) for line, name in imports if _is_within(name, "cryptography")]


def _gui_crypto_imports(imports: list[tuple[int, str]]) -> list[tuple[int, str]]:
    return [(line, name) for line, name in imports if name not in GUI_CRYPTO_ALLOWED
            and any(_is_within(name, forbidden) for forbidden in GUI_CRYPTO)]


def test_the_crypto_checks_flag_what_they_forbid():
    """Guard against checks that can never fail: each flags a sample."""
    sample = ("import hashlib\n"
              "from cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"
              "from ..security import crypto\n"
              "from ..security.crypto import KdfParams\n"
              "from ..security.vault import CASEWORK_ROLES, RecoveryKey\n"
              "from ..security import sealing, accounts\n"
              "import mash_desktop.security.hub_key\n"
              "from ..security.accounts import SignedIn\n"
              "from ..services import panels\n")
    imports = list(_imported_names(sample, "mash_desktop.gui.sample"))
    assert _cryptography_imports(imports) == [(2, "cryptography.hazmat.primitives.ciphers.aead.AESGCM")]
    assert [line for line, _ in _gui_crypto_imports(imports)] == [1, 2, 3, 4, 5, 6, 7]
    assert not _gui_crypto_imports(list(_imported_names(
        "from ..security.vault import CASEWORK_ROLES\nfrom ..security import accounts\n", "mash_desktop.gui.sample")))
    # ... and the walk over the package sees the real imports.
    assert _cryptography_imports(_path_imports(PACKAGE / "security" / "crypto.py"))
    assert ("mash_desktop.security.sealing" in
            {name for _, name in _path_imports(PACKAGE / "services" / "case" / "panels.py")})


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_only_security_imports_cryptography(path: Path):
    """Only modules under mash_desktop/security/ import the ``cryptography`` package."""
    if _is_within(_module_name(path), "mash_desktop.security"):
        return
    offending = _cryptography_imports(_path_imports(path))
    assert not offending, f"{path.name} imports cryptography outside mash_desktop/security: {offending}"


@pytest.mark.parametrize("path", _sources(PACKAGE / "gui"), ids=lambda p: p.name)
def test_the_client_does_no_crypto(path: Path):
    """No module under mash_desktop/gui/ imports crypto (GUI_CRYPTO): ``cryptography``,
    mash_desktop.security.crypto, .sealing, .vault (but for its CASEWORK_ROLES role
    set), .hub_key and .document_keys, nor hashlib, hmac or secrets."""
    offending = _gui_crypto_imports(_path_imports(path))
    assert not offending, f"gui/{path.name} imports crypto; call a service or security function: {offending}"


# -- who may do what has one home: mash_desktop/domain/access.py --------------------

#: The only module that builds a role set.
ACCESS_HOME = PACKAGE / "domain" / "access.py"


def _is_role(node: ast.AST) -> bool:
    """``Role.X``: a member of the Role enum named in the source."""
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Role"


def _role_sets(source: str) -> list[tuple[int, str]]:
    """(line, code) for each role set ``source`` builds: a set, frozenset, tuple or list
    display holding two or more ``Role.X``, or a call given two or more ``Role.X``
    (``signed.require(Role.A, Role.B)``, ``signin.signed_in(args, Role.A, Role.B)``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Set, ast.Tuple, ast.List)) and sum(map(_is_role, node.elts)) >= 2:
            found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Call) and sum(map(_is_role, node.args)) >= 2:
            found.append((node.lineno, ast.unparse(node)))
    return found


def test_the_role_set_check_flags_what_it_forbids():
    """Guard against a check that can never fail: it flags a sample, and only role sets."""
    sample = ("CASEWORK = frozenset({Role.OFFICER, Role.SUPERVISOR, Role.DECISION_MAKER})\n"
              "ADVISERS = (Role.OFFICER, Role.SUPERVISOR)\n"
              "create_user(session, actor, name, name, agency, [Role.SUPERVISOR, Role.ADMIN])\n"
              "signed.require(Role.OFFICER, Role.SUPERVISOR)\n"
              "allowed = roles & {Role.OFFICER, Role.SUPERVISOR}\n"
              "signed.require(Role.ADMIN)\n"
              "admin = Role.ADMIN in roles and {Role.AUDITOR}\n"
              "LABELS = {Role.OFFICER: 'Officer', Role.SUPERVISOR: 'Supervisor'}\n"
              "signed.require(*access.roles_for(access.Step.DECIDE))\n")
    assert sorted(line for line, _ in _role_sets(sample)) == [1, 2, 3, 4, 5]
    # ... and the walk over the package sees the one home of the role sets.
    assert len(_role_sets(ACCESS_HOME.read_text(encoding="utf-8"))) >= 5


def _role_set_params() -> list:
    params = []
    for path in _sources():
        if path == ACCESS_HOME:
            continue
        params.append(pytest.param(path, id=str(path.relative_to(PACKAGE))))
    return params


@pytest.mark.parametrize("path", _role_set_params())
def test_role_sets_live_in_domain_access(path: Path):
    """No module but domain/access.py builds a role set: it asks access.py's named sets and rules."""
    offending = _role_sets(path.read_text(encoding="utf-8"))
    assert not offending, (f"{path.name} builds a role set; name it in domain/access.py "
                           f"(e.g. require(*access.roles_for(Step.X))): {offending}")


# -- the client leaves the database to the services ----------------------------------

#: Names the client (mash_desktop/gui) may not import: the ORM models, the ORM
#: itself (``sqlalchemy.orm``), and SQLAlchemy's ``select`` and ``Session``
#: from wherever they are taken. Queries are service functions it calls.
GUI_ORM_NAMES = frozenset({"select", "Session", "sessionmaker"})


def _names_taken(source: str, module: str) -> list[tuple[int, str]]:
    """(line, name) for each import of a (non-package) module: ``from x import y`` gives ``x.y``."""
    package = module.rpartition(".")[0].split(".")
    taken = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            taken += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - (node.level - 1)] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            taken += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return taken


def _gui_orm_imports(source: str, module: str) -> list[tuple[int, str]]:
    return [(line, name) for line, name in _names_taken(source, module)
            if _is_within(name, "mash_desktop.store.models") or _is_within(name, "sqlalchemy.orm")
            or (_is_within(name, "sqlalchemy") and name.rpartition(".")[2] in GUI_ORM_NAMES)]


def test_the_orm_check_flags_what_it_forbids():
    """Guard against a check that can never fail: it flags a sample, and only what it forbids."""
    sample = ("from sqlalchemy import select\n"
              "from ..store.models import Referral\n"
              "from ..store import models\n"
              "from sqlalchemy.orm import Session\n"
              "import mash_desktop.store.models\n"
              "from sqlalchemy.future import select as chosen\n"
              "from sqlalchemy.engine import make_url\n"
              "from ..store.database import Database\n"
              "from ..services import referrals\n")
    assert [line for line, _ in _gui_orm_imports(sample, "mash_desktop.gui.sample")] == [1, 2, 3, 4, 5, 6]
    # ... and the walk over the package sees the real imports.
    path = PACKAGE / "services" / "intake" / "referrals.py"
    assert _gui_orm_imports(path.read_text(encoding="utf-8"), _module_name(path))


@pytest.mark.parametrize("path", _sources(PACKAGE / "gui"), ids=lambda p: p.name)
def test_the_client_runs_no_queries(path: Path):
    """No module under mash_desktop/gui/ imports mash_desktop.store.models, sqlalchemy.orm,
    nor SQLAlchemy's select or Session: it asks a service."""
    module = _module_name(path) + (".__init__" if path.name == "__init__.py" else "")  # its package's imports
    offending = _gui_orm_imports(path.read_text(encoding="utf-8"), module)
    assert not offending, f"gui/{path.name} queries the database; move it into a service: {offending}"
