"""mash-admin demo says how to act as each role, and what it says works: every
agency's workstation enrols with the key it prints, and every account it lists
signs in there with the demo password."""

from __future__ import annotations

import pytest

from mash_desktop.domain.codes import Role
from mash_desktop.services.demo.keys import DEMO_PASSWORD
from mash_desktop.store import pg_roles
from tests.pg_roles_support import cleaned_roles, role_url

ROLES = [pg_roles.role_name(code) for code in ("HUB", "POL", "CSC", "ASC", "HLT", "EDU", "EH", "PRB")]


@pytest.fixture(autouse=True)
def cluster_roles(backend, request):
    """On PostgreSQL 'db setup-roles' makes roles for the whole server: drop them after."""
    yield from cleaned_roles(backend, request, ROLES)


def _tables(out: str) -> tuple[list[list[str]], list[list[str]]]:
    """The two tables of the guide: agencies (code, name, enrol as, key) and accounts (user, agency, roles)."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("AGENCY "))
    desks, i = [], start + 1
    while lines[i].strip():
        words = lines[i].split()
        desks.append([words[0], " ".join(words[1:-2]), words[-2], words[-1]])
        i += 1
    start = next(i for i, line in enumerate(lines) if line.startswith("USERNAME "))
    accounts = [line.split(None, 2) for line in lines[start + 1:] if line.strip()]
    return desks, accounts


def _agency_url(bare, code: str, roles_out: list[str]) -> str:
    """On PostgreSQL a workstation keeps its agency role's address, from 'db setup-roles'."""
    if bare.url.startswith("sqlite"):
        return bare.url
    if not roles_out:
        run = bare("db", "setup-roles")
        assert run.rc == 0, run.err
        roles_out.append(run.out)
    role, password = next(line.split()[1:3] for line in roles_out[0].splitlines() if line.startswith(code + " "))
    return role_url(bare.url, role, password)


@pytest.mark.slow
def test_demo_tells_how_to_act_as_each_role_and_it_works(bare):
    run = bare("demo", "--referrals", "2", "--seed", "5")
    assert run.rc == 0, run.err
    assert f"password is {DEMO_PASSWORD}" in run.out and "workstation enrol --agency CODE --as ENROL-AS" in run.out
    desks, accounts = _tables(run.out)
    assert [d[0] for d in desks] == ["HUB", "ASC", "CSC", "EDU", "EH", "HLT", "POL", "PRB"]
    labels = {r.label: r for r in Role}
    held = {labels[name] for _, _, roles in accounts for name in roles.split(", ")}
    assert held == set(Role)
    roles_out: list[str] = []
    for code, _, enrol_as, key in desks:
        url = _agency_url(bare, code, roles_out)
        run = bare("--db", url, "workstation", "enrol", "--agency", code, "--name", f"demo-{code.lower()}",
                   "--as", enrol_as, stdin=[DEMO_PASSWORD, key], at=code, db=False)
        assert run.rc == 0 and f"enrolled to {code}" in run.out, run.err
        for username, agency, _ in accounts:
            if agency == code:
                run = bare("user", "fingerprint", "--as", username, stdin=[DEMO_PASSWORD], at=code, db=False)
                assert run.rc == 0 and run.out.strip(), (username, run.err)
