"""Part of a name found through an index: FTS5 on SQLite, pg_trgm on PostgreSQL.

The queue's search looks for text anywhere in the first subject's folded
name (``referrals.subject_key``). Migration 0021 gives each database an
index for that: on SQLite the FTS5 table ``referral_names`` (trigram
tokenizer, external content: only the index, kept by triggers); on
PostgreSQL a GIN trigram index on the column itself, which the planner
uses for the column's own LIKE. :func:`name_contains` writes the condition
each database can serve, and means the same on both: the same rows as
``subject_key LIKE '%text%'``.

Neither is declared in the models: an FTS5 table is no table SQLAlchemy
can describe, and the trigram index needs an extension the server may
lack (then there is no index and the LIKE reads every row, as before).
"""

from __future__ import annotations

from sqlalchemy import Boolean, ColumnElement, column, func, select, table
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.visitors import InternalTraversal

from .models import Referral

#: The SQLite index table, its rowid the referral's id.
REFERRAL_NAMES = table("referral_names", column("rowid"), column("subject_key"))
#: The PostgreSQL index (absent where the server has no pg_trgm).
PG_INDEX = "ix_referrals_subject_trgm"


class _PerDialect(ColumnElement[bool]):
    """One condition written one way for SQLite and another for every other database."""

    inherit_cache = True
    type = Boolean()
    _is_implicitly_boolean = True  # a condition already: not "= 1" where a database has no boolean type
    _traverse_internals = [("sqlite", InternalTraversal.dp_clauseelement),
                           ("other", InternalTraversal.dp_clauseelement)]

    def __init__(self, sqlite: ColumnElement[bool], other: ColumnElement[bool]) -> None:
        self.sqlite = sqlite
        self.other = other


@compiles(_PerDialect)
def _other(element: _PerDialect, compiler, **kw) -> str:
    return compiler.process(element.other, **kw)


@compiles(_PerDialect, "sqlite")
def _sqlite(element: _PerDialect, compiler, **kw) -> str:
    return compiler.process(element.sqlite, **kw)


#: Both indexes are of three letters in a row: shorter text cannot be looked up in them.
TRIGRAM = 3


def name_contains(folded: str) -> ColumnElement[bool]:
    """The referrals whose first subject's folded name contains ``folded``
    (already folded by domain/names.fold: letters and single spaces, so no LIKE wildcard).

    Text shorter than three letters matches through no trigram, so it is looked for in every name:
    reading the index whole would be slower than reading the names (PostgreSQL's planner would read
    the trigram index whole for such a LIKE, so there it is asked as strpos, which the index cannot serve)."""
    pattern = f"%{folded}%"
    if len(folded) < TRIGRAM:
        return _PerDialect(Referral.subject_key.like(pattern), func.strpos(Referral.subject_key, folded) > 0)
    indexed = select(REFERRAL_NAMES.c.rowid).where(REFERRAL_NAMES.c.subject_key.like(pattern))
    return _PerDialect(Referral.id.in_(indexed), Referral.subject_key.like(pattern))
