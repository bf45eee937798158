"""mash-admin report performance: the figures of a period as PDF or CSV, for those who watch the hub."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from mash_desktop.security.identity import LOCAL_ADMIN
from mash_desktop.services.admin.agencies import add_agency
from mash_desktop.store.database import Database
from mash_desktop.store.models import AuditEvent
from tests.admin.conftest import PASSWORD, REF
from tests.pdf_text import pages

NOVEMBER = ("--from", "2026-11-01", "--to", "2026-11-30")  # the hub's one referral came on 20 November


def test_an_auditor_writes_the_pdf(mash, tmp_path):
    out = tmp_path / "november.pdf"
    run = mash("report", "performance", *NOVEMBER, "--out", str(out), "--as", "hub.auditor", stdin=[PASSWORD],
               at="HUB")
    assert run.rc == 0, run.err
    assert f"Wrote {out}: performance report for November 2026 against October 2026" in run.out
    text = pages(out.read_bytes())
    assert f"{len(text)} pages" in run.out
    for number, page in enumerate(text, start=1):
        assert page.count("OFFICIAL-SENSITIVE") == 2 and f"Page {number} of {len(text)}" in page
    whole = " ".join(text)
    assert "Performance report: November 2026" in whole and "All contacts 1 0 +1" in whole
    assert REF not in whole  # counts only: no references, no case content
    with Database(mash.url).read() as s:
        event = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.actor_name) == ("performance.export", "hub.auditor")


def test_a_supervisor_writes_the_csv_safe_for_a_spreadsheet(mash, tmp_path):
    db = Database(mash.url)
    add_agency(db, LOCAL_ADMIN, "EVIL", '=HYPERLINK("http://x.example","open")', seats=2)
    db.dispose()
    out = tmp_path / "november.csv"
    run = mash("report", "performance", *NOVEMBER, "--out", str(out), "--as", "csc.lead", stdin=[PASSWORD],
               at="CSC")
    assert run.rc == 0, run.err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert f"{len(rows)} rows" in run.out
    total = next(r for r in rows if r["section"] == "Contacts received" and r["measure"] == "All contacts")
    assert (total["from"], total["to"], total["this_period"], total["previous_period"], total["change"]) == (
        "2026-11-01", "2026-11-30", "1", "0", "1")
    evil = next(r for r in rows if r["section"] == "Seats in use" and "EVIL" in r["measure"])
    assert evil["measure"].startswith("'=HYPERLINK") and evil["this_period_base"] == "2"


def test_an_officer_is_refused_and_nothing_is_written(mash, tmp_path):
    out = tmp_path / "november.pdf"
    run = mash("report", "performance", *NOVEMBER, "--out", str(out), "--as", "csc.officer", stdin=[PASSWORD],
               at="CSC")
    assert run.rc == 1 and "supervisor" in run.err
    assert not out.exists()


def test_bad_input_is_a_usage_error(mash, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    cases = [((*NOVEMBER, "--out", str(folder / "x.txt")), "--out"),
             (("--from", "2026-11-30", "--to", "2026-11-01", "--out", str(folder / "x.pdf")), "--to"),
             (("--from", "30/11/2026", "--to", "2026-11-01", "--out", str(folder / "x.pdf")), "--from"),
             ((*NOVEMBER, "--out", str(folder / "missing" / "x.pdf")), "folder")]
    for argv, said in cases:
        run = mash("report", "performance", *argv, "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
        assert run.rc == 2 and said in run.err, run.err
    assert list(folder.iterdir()) == []
