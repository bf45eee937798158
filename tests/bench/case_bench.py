"""Case figures: opening a case, signing in, and the information-sharing record.

- Opening the case researched by all seven agencies: ``open_case`` for
  csc.officer, which reads (and decrypts) the panel that officer may read
  and the disclosures to the hub, and audits the view. The officer's data
  keys are already unsealed (a warm-up open), as after the first case of a
  session. Baseline: the plain SELECTs of the same rows.
- Signing in with the default production password hashing. Baseline: one
  Argon2id derivation with the same parameters alone.
- The information-sharing record of the case with twenty disclosures,
  produced, signed, recorded and written through services/documents.
  Baseline: bare reportlab laying out the same blocks the same way (the same
  tables, styles, fonts and page furniture with "Page x of y";
  tests/bench/plain_layout.py), without gathering the case, signing or
  recording; the two take turns, so a change in the machine's load falls on
  both. The detail splits the time: gathering the case (``open_case``),
  laying it out (``layout.render``), and the rest (fingerprint, signing,
  recording and writing the file).
"""

from __future__ import annotations

import gc
import secrets
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mash_desktop.domain.codes import DocumentKind
from mash_desktop.reports import layout, sharing_record
from mash_desktop.reports.content import DocumentContent, Production, full_fingerprint, short_fingerprint
from mash_desktop.security import crypto
from mash_desktop.security.accounts import sign_in
from mash_desktop.services.case import documents
from mash_desktop.services.demo.hub import DEMO_PASSWORD, demo_credentials
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.store.database import Database
from mash_desktop.store.types import utcnow

from .figures import Figure, median_ms, runs, spread
from .hub import BenchHub, staff
from .plain_layout import plain_layout_pdf

_CASE_TABLES = ("referral_people rp JOIN people p ON p.id = rp.person_id WHERE rp.referral_id = {id}",
                "referral_concerns WHERE referral_id = {id}", "referral_events WHERE referral_id = {id}",
                "research_requests WHERE referral_id = {id}", "panels WHERE referral_id = {id}",
                "disclosures WHERE referral_id = {id}", "decisions WHERE referral_id = {id}")


def _plain_case(db: Database, reference: str) -> None:
    """The case's rows with plain SELECTs on one bare connection."""
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(f"SELECT * FROM referrals WHERE reference = '{reference}'")
        referral_id = cur.fetchone()[0]
        for rest in _CASE_TABLES:
            cur.execute("SELECT * FROM " + rest.format(id=referral_id))
            cur.fetchall()
        for table in ("users", "agencies"):
            cur.execute(f"SELECT * FROM {table}")
            cur.fetchall()
        cur.close()
        raw.rollback()
    finally:
        raw.close()


def open_case_figure(db: Database, hub: BenchHub, backend: str, repeat: int) -> Figure:
    officer = staff(db, "csc.officer")
    seen = open_case(db, officer, hub.workspace_ref, WORKSPACE)
    times = runs(lambda: open_case(db, officer, hub.workspace_ref, WORKSPACE), repeat)
    base = runs(lambda: _plain_case(db, hub.workspace_ref), repeat)
    panels = 1 + len(seen.other_panels)
    return Figure("open_case", f"Open a case with {panels} agency panels (decrypt included)", median_ms(times),
                  "ms", median_ms(base), "plain SELECTs of the same rows", backend, hub.referrals, at_most=150,
                  detail={"times": spread(times), "baseline_times": spread(base), "panels": panels,
                          "own_panel": seen.own_panel.state if seen.own_panel else None,
                          "disclosures_read": len(seen.shared)})


def sign_in_figure(db: Database, hub: BenchHub, backend: str, repeat: int) -> Figure:
    creds = demo_credentials("CSC", db.url)
    params = crypto.default_kdf_params()
    salt = crypto.random_salt()
    times = runs(lambda: sign_in(db, creds, hub.sign_in_user, DEMO_PASSWORD), repeat)
    base = runs(lambda: crypto.password_hash(DEMO_PASSWORD, salt, params), repeat)
    return Figure("sign_in", "Sign-in (default production key derivation, unwrap)", median_ms(times) / 1000, "s",
                  median_ms(base) / 1000, f"one {params.encode()} derivation alone", backend, hub.referrals,
                  at_least=0.2, at_most=1.0,
                  detail={"times": spread(times), "baseline_times": spread(base), "kdf": params.encode()})


def plain_pdf(content: DocumentContent, fingerprint: bytes) -> bytes:
    """The same blocks in the same layout by bare reportlab (tests/bench/plain_layout.py)."""
    return plain_layout_pdf(content, full_fingerprint(fingerprint), short_fingerprint(fingerprint))[0]


def _rounds(actions: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Seconds each action took in each of ``repeat`` rounds, after one untimed round.

    The actions take turns within a round, so a change in the machine's load
    while they are measured falls on all of them alike.
    """
    times: dict[str, list[float]] = {name: [] for name in actions}
    for round_ in range(repeat + 1):
        for name, action in actions.items():
            gc.collect()
            start = time.perf_counter()
            action()
            if round_:
                times[name].append(time.perf_counter() - start)
    return times


def sharing_record_figure(db: Database, hub: BenchHub, backend: str, repeat: int) -> Figure:
    officer = staff(db, "csc.officer")
    kind = DocumentKind.SHARING_RECORD
    case = open_case(db, officer, hub.sharing_ref, kind.value)
    content = sharing_record.build(case, Production(secrets.token_hex(8), utcnow(), officer.display_name,
                                                    officer.actor.username, "CSC", "Children's Social Care",
                                                    officer.display_name))
    fingerprint = content.fingerprint()
    with tempfile.TemporaryDirectory(prefix="mash-bench-") as folder:
        made: list[documents.Produced] = []

        def produce() -> None:
            made.append(documents.produce(db, officer, kind, hub.sharing_ref,
                                          Path(folder) / f"record-{len(made)}.pdf"))

        times = _rounds({"produce": produce, "baseline": lambda: plain_pdf(content, fingerprint),
                         "gather": lambda: open_case(db, officer, hub.sharing_ref, kind.value,
                                                     family=kind in documents.WITH_FAMILY),
                         "render": lambda: layout.render(content, fingerprint)}, repeat)
    value = median_ms(times["produce"])
    split = {"gather_ms": median_ms(times["gather"]), "render_ms": median_ms(times["render"])}
    split["rest_ms"] = value - split["gather_ms"] - split["render_ms"]  # fingerprint, signing, recording, file
    return Figure("sharing_record_pdf", f"Information-sharing record PDF, {len(case.disclosures)} disclosures",
                  value, "ms", median_ms(times["baseline"]), "bare reportlab laying out the same blocks the same "
                  "way (tables, styles, fonts, page furniture), without gathering, signing or recording",
                  backend, hub.referrals, at_most=300, ratio_at_most=1.5,
                  detail={"times": spread(times["produce"]), "baseline_times": spread(times["baseline"]),
                          "pages": made[-1].pages, "baseline_pages": plain_layout_pdf(content)[1],
                          "disclosures": len(case.disclosures), **{k: round(v, 1) for k, v in split.items()}})


def case_figures(db: Database, hub: BenchHub, backend: str, repeat: int) -> list[Figure]:
    return [open_case_figure(db, hub, backend, repeat), sign_in_figure(db, hub, backend, max(3, repeat // 2)),
            sharing_record_figure(db, hub, backend, repeat)]
