"""The statements that dispose of one case, worked out from the models.

Every table that refers to a case (``referrals``) or a person (``people``)
is found through its foreign keys, so a table added later is covered
without a change here. In order:

1. the people of the case who are on no other case (nor linked to one, nor
   named by a subject access request still to be answered) are chosen
   before anything is removed;
2. every row that belongs to the case (a non-null reference to it) is
   deleted, rows referring to those rows first;
3. every row that belongs to one of those people is deleted likewise, and
   a nullable reference to them is cleared;
4. the case's own row is kept as a shell: its reference, codes, times and
   signature stay, so the queue's counts and the signed state of any case
   linked to it hold, and every text and name in it is cleared.

The same plan runs on SQLite (services/governance/disposal.py) and inside
the PostgreSQL function that the hub's role calls (pg_guards.py), where no
agency role may delete.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Date, Enum, String, Table, Text

from .models import Base  # every model module is imported through it

#: Tables of the disposal itself, and the hold register: never touched by it.
OWN_TABLES = frozenset({"retention_holds", "disposal_approvals", "disposals"})
#: Columns of the case's shell that stay.
KEPT = frozenset({"reference"})
#: Placeholders in the statements: the case's id, and a query giving the people's ids.
RID, PEOPLE = "{rid}", "{people}"


@dataclass(frozen=True)
class Statement:
    table: str
    sql: str  # with {rid} and {people}

    def render(self, rid: str, people: str) -> str:
        return self.sql.replace(RID, rid).replace(PEOPLE, people)


def _tables() -> dict[str, Table]:
    return {name: table for name, table in Base.metadata.tables.items() if name not in OWN_TABLES}


def _referring(target: str) -> list[tuple[Table, str, str, bool]]:
    """(table, column, referred column, nullable) of every reference to ``target`` but its own."""
    found = []
    for name, table in sorted(_tables().items()):
        if name == target:
            continue
        for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name):
            if fk.column.table.name == target:
                found.append((table, fk.parent.name, fk.column.name, bool(fk.parent.nullable)))
    return found


def _remove(table: Table, where: str, seen: tuple[str, ...]) -> list[Statement]:
    """Delete the rows of ``table`` matching ``where``, after whatever refers to them."""
    out: list[Statement] = []
    for child, column, referred, nullable in _referring(table.name):
        if child.name in seen or child.name in ("referrals", "people"):
            continue
        inner = f"SELECT {referred} FROM {table.name} WHERE {where}"
        if nullable:
            out.append(Statement(child.name, f"UPDATE {child.name} SET {column} = NULL WHERE {column} IN ({inner})"))
        else:
            out.extend(_remove(child, f"{column} IN ({inner})", seen + (table.name,)))
    out.append(Statement(table.name, f"DELETE FROM {table.name} WHERE {where}"))
    return out


#: Rows that keep the person they name, and while what holds: a subject access
#: request still to be answered is not answered by erasing its subject (an
#: answered or refused one goes with them).
KEEPING_TABLES = {"subject_access_requests": "k.status IN ('open', 'extended')"}


def _doomed_people() -> str:
    """The people of the case on no other case, in no other case's person links, and kept by nothing else."""
    keeping = "".join(
        f"AND NOT EXISTS (SELECT 1 FROM {table} k WHERE k.{fk.parent.name} = c.pid AND {held}) "
        for table, held in KEEPING_TABLES.items() if table in Base.metadata.tables
        for fk in sorted(Base.metadata.tables[table].foreign_keys, key=lambda f: f.parent.name)
        if fk.column.table.name == "people")
    return (
        "SELECT DISTINCT c.pid FROM ("
        "SELECT person_id AS pid FROM referral_people WHERE referral_id = {rid} "
        "UNION SELECT person_id FROM person_links WHERE referral_id = {rid} "
        "UNION SELECT known_person_id FROM person_links WHERE referral_id = {rid} AND known_person_id IS NOT NULL"
        ") c WHERE NOT EXISTS (SELECT 1 FROM referral_people o WHERE o.person_id = c.pid "
        "AND o.referral_id <> {rid}) "
        "AND NOT EXISTS (SELECT 1 FROM person_links o WHERE o.referral_id <> {rid} "
        f"AND (o.person_id = c.pid OR o.known_person_id = c.pid)) {keeping}"
    ).rstrip()


DOOMED_PEOPLE = _doomed_people()


def plan() -> list[Statement]:
    """Every statement of a disposal after the people have been chosen, in order."""
    tables = _tables()
    out: list[Statement] = []
    for child, column, _, nullable in _referring("referrals"):
        if not nullable and child.name != "people":
            out.extend(_remove(child, f"{column} = {RID}", ("referrals",)))
    out.extend(_remove(tables["people"], f"id IN ({PEOPLE})", ()))
    out.append(Statement("referrals", _scrub(tables["referrals"])))
    return out


def _scrub(referrals: Table) -> str:
    cleared = []
    for column in referrals.columns:
        if column.name in KEPT or column.primary_key or column.foreign_keys:
            continue
        if isinstance(column.type, Enum) or not isinstance(column.type, (String, Text, Date)):
            continue
        cleared.append(f"{column.name} = {'NULL' if column.nullable else chr(39) * 2}")
    return f"UPDATE referrals SET {', '.join(cleared)} WHERE id = {RID}"
