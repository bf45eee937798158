"""The indexes that serve the queue's orders, and the expressions they are on.

The default order (services/queue/query.py) puts overdue contacts first by
rating, then those not yet due, each by the time it is due. A query
sorting every open referral by that order scans and sorts them all (about
100 ms at 100,000 referrals and ten times that at a million). Read as parts
instead, each part is a range of one of these indexes already in order:
the overdue contacts of one rating are ``rating = R AND due <= now`` of
``ix_referrals_awaited_by_rag``, those not yet due ``due > now`` of
``ix_referrals_awaited`` (and those rated without a due time, its rows with
none), the decided ones by receipt from the decided part of
``ix_referrals_status_received`` (a column order's index, below), so a page
needs only its own rows from each. The queue's filters read the same groups: a
member's ("mine", "unallocated") and a status's from indexes led by the
member or the status; the others from these, which end with the columns
the filters test, so that a group with none of the rows wanted is passed
over in the index rather than read row by row.

The awaited groups' indexes are partial: only referrals still awaiting
screening or a decision, which a hub has far fewer of than closed ones. The condition is written with
its values in the SQL text (not as bound values), so that the planners
(SQLite and PostgreSQL) can see a query's condition is the index's.

The column orders have theirs at the end: research progress and the first
concern on the whole order either way (rows without a value last), the
others on the status, the column and id (or the column and id of the open
referrals), read a part at a time
(services/queue/column_pages.py), and the allocated member's on the member
and id, read a member at a time (services/queue/allocated_pages.py).
"""

from __future__ import annotations

from sqlalchemy import Index, and_, case, func, literal_column, type_coerce
from sqlalchemy.sql.elements import Grouping  # an expression in an index's column list is parenthesised

from ..domain.codes import Status
from .models import Referral

#: Decided or closed: nothing left to wait for.
FINISHED = (Status.DECIDED, Status.CLOSED)

#: Still awaiting screening or a decision (the partial indexes' condition, values written out).
AWAITED = Referral.status.not_in([literal_column(f"'{status.value}'") for status in FINISHED])
#: Decided and waiting to be closed; closed.
DECIDED_ONLY = Referral.status == literal_column(f"'{Status.DECIDED.value}'")
CLOSED_ONLY = Referral.status == literal_column(f"'{Status.CLOSED.value}'")

#: The screening or decision due time of a referral still awaited. One not
#: rated yet that has no due time (stored before the screening clock) is due
#: at its receipt, so it is overdue, never last.
_DUE = case((and_(Referral.rag.is_(None), Referral.decision_due_at.is_(None)), Referral.received_at),
            else_=Referral.decision_due_at)
#: The same, compared with times as the stored times are (the index is on ``_DUE`` itself).
AWAITED_DUE = type_coerce(_DUE, Referral.decision_due_at.type)

#: The rating, '' for none yet. Written so, "not rated yet" is an equality as a rating is, and both
#: databases read the overdue group not rated yet in its index's order (PostgreSQL sorts the rows an
#: ``IS NULL`` picks when a filter leaves it few to go by).
RATING = func.coalesce(Referral.rag, literal_column("''"))
#: What the queue's filters test, after each order's own columns: SQLite tests them in the index and
#: reads a row only if they hold, so a filter that picks none of a group (no referral not rated yet is
#: being researched) skips that group's range without visiting its rows. PostgreSQL tests them there
#: when it reads an index alone.
FILTERED = (Referral.status, Referral.research_done)
# On PostgreSQL they also carry the columns of the due time's expression that they do not hold otherwise:
# its planner answers from an index alone only if the index holds every column a query names, and the
# window far down the queue counts each group's rows (services/queue/urgency.py).
BY_RAG = Index("ix_referrals_awaited_by_rag", Grouping(RATING), Grouping(_DUE), Referral.received_at, Referral.id,
               *FILTERED, sqlite_where=AWAITED, postgresql_where=AWAITED,
               postgresql_include=["decision_due_at", "rag"])
BY_DUE = Index("ix_referrals_awaited", Grouping(_DUE), Referral.received_at, Referral.id, *FILTERED,
               sqlite_where=AWAITED, postgresql_where=AWAITED, postgresql_include=["decision_due_at", "rag"])
#: The groups a status at a time: the queue's status filter. From the index of every status (``BY_DUE``)
#: SQLite would rather read every referral of the status and sort them. The rating after, tested in the
#: index, picks each overdue group's rows.
STATUS_BY_DUE = Index("ix_referrals_status_by_due", Referral.status, Grouping(_DUE), Referral.received_at,
                      Referral.id, Referral.rag, Referral.research_done, sqlite_where=AWAITED,
                      postgresql_where=AWAITED, postgresql_include=["decision_due_at"])
#: The member a referral is allocated to, 0 for none (ids start at 1). Written so, "unallocated" is an
#: equality as "mine" is, and both databases read an index led by it in the order of the columns after
#: it (PostgreSQL sorts the rows an ``IS NULL`` picks).
MEMBER = func.coalesce(Referral.allocated_to_id, literal_column("0"))
#: The same groups a member at a time: the supervisors' "unallocated" (no member) and an officer's
#: "mine". Among decided referrals hardly any are unallocated, and a member holds a small share of
#: any group, so the groups' own indexes would be read far (every decided referral, for one) to find a
#: page of them; here each is a range. They start with the member so that SQLite, without statistics,
#: prefers them to the member's index (an equality more, and already in the order wanted).
MEMBER_BY_RAG = Index("ix_referrals_member_by_rag", Grouping(MEMBER), Grouping(RATING), Grouping(_DUE),
                      Referral.received_at, Referral.id, *FILTERED, sqlite_where=AWAITED, postgresql_where=AWAITED,
                      postgresql_include=["decision_due_at", "rag"])
MEMBER_BY_DUE = Index("ix_referrals_member_due", Grouping(MEMBER), Grouping(_DUE), Referral.received_at,
                      Referral.id, *FILTERED, sqlite_where=AWAITED, postgresql_where=AWAITED,
                      postgresql_include=["decision_due_at", "rag"])
DECIDED_BY_MEMBER = Index("ix_referrals_decided_by_member", Grouping(MEMBER), Referral.status, Referral.received_at,
                          Referral.id, sqlite_where=DECIDED_ONLY, postgresql_where=DECIDED_ONLY)

#: Operation Encompass notifications whose school is still to be told: the queue's "overdue" filter
#: finds among them those overdue for their school alone (not yet due, no clock, or decided). Led by
#: the time the school was told (none in it) and the status, then in the decided group's order, so
#: that SQLite, without statistics, prefers it to the groups' own indexes.
SCHOOL_DUE = Index("ix_referrals_school_due", Referral.school_informed_at, Referral.status, Referral.received_at,
                   Referral.id,
                   sqlite_where=and_(Referral.school_informed_at.is_(None), Referral.encompass_due_at.is_not(None)),
                   postgresql_where=and_(Referral.school_informed_at.is_(None),
                                         Referral.encompass_due_at.is_not(None)))

# The queue's research order, either way (services/queue/query.py sorts rows without a value last).
Index("ix_referrals_research_order", Referral.research_done.is_(None), Referral.research_done, Referral.id)
Index("ix_referrals_research_order_desc", Referral.research_done.is_(None), Referral.research_done.desc(),
      Referral.id.desc())
# The queue's concerns order, either way, likewise.
Index("ix_referrals_concern_order", Referral.concern_rank.is_(None), Referral.concern_rank, Referral.id)
Index("ix_referrals_concern_order_desc", Referral.concern_rank.is_(None), Referral.concern_rank.desc(),
      Referral.id.desc())
# The queue's column orders a part at a time (services/queue/column_pages.py). A hub's history is
# mostly closed cases, and its oldest all are: read from an index of every referral in a column's order,
# the first page by receipt, reference or age (or of a rating given mostly to closed cases: blue)
# passed over every closed one before it, and a status filter every referral of another status. So the
# plain columns' orders are indexed a status at a time, read as a part per status (the column's value
# and id, those without one by id). Age runs its date and its ties (by id) opposite ways, so its index
# does too, and is read in order either way. RAG and source are indexed a status at a time for a
# status filter, and among the open referrals for the queue unfiltered (a part per code, each by id).
# The indexes of every referral on the subject's name key and date of birth serve a search.
Index("ix_referrals_subject_key", Referral.subject_key, Referral.id)
Index("ix_referrals_subject_dob", Referral.subject_dob, Referral.id)
Index("ix_referrals_status_order", Referral.status, Referral.id)
Index("ix_referrals_status_reference", Referral.status, Referral.reference, Referral.id)
Index("ix_referrals_status_received", Referral.status, Referral.received_at, Referral.id)
Index("ix_referrals_status_subject_key", Referral.status, Referral.subject_key, Referral.id)
Index("ix_referrals_status_subject_dob", Referral.status, Referral.subject_dob, Referral.id.desc())
Index("ix_referrals_status_rag", Referral.status, Referral.rag, Referral.id)
Index("ix_referrals_status_source", Referral.status, Referral.source, Referral.id)
#: Not closed: what the queue shows unless filtered for closed cases (values written out, as above).
OPEN = Referral.status != literal_column(f"'{Status.CLOSED.value}'")
Index("ix_referrals_open_rag", Referral.rag, Referral.id, sqlite_where=OPEN, postgresql_where=OPEN)
Index("ix_referrals_open_source", Referral.source, Referral.id, sqlite_where=OPEN, postgresql_where=OPEN)
# The queue's allocated order a member at a time (services/queue/allocated_pages.py): each member's
# referrals, and those without one, by id; the status and RAG after, so that the queue's filters on them
# are checked, and a member's rows counted, without reading the rows.
Index("ix_referrals_allocated_to_id", Referral.allocated_to_id, Referral.id, Referral.status, Referral.rag)
