"""The redaction log's CSV: a phrase that looks like a formula is shown as text."""

from __future__ import annotations

import csv
import io

from mash_desktop.reports.subject_access import LOG_HEADER, LogLine, log_csv


def test_a_phrase_that_looks_like_a_formula_is_written_as_text():
    lines = [LogLine('=HYPERLINK("http://x.example")', "Added", "  +44 115", "Confirmed", "-", "@Kim", "Contact 1"),
             LogLine("Kerry Calder", "Another person's name", "Kerry Calder (mother)", "Confirmed", "", "Imogen",
                     "Contact 1")]
    rows = list(csv.reader(io.StringIO(log_csv(lines).decode("utf-8-sig"))))
    assert rows[1] == list(LOG_HEADER)
    assert rows[2] == ['\'=HYPERLINK("http://x.example")', "Added", "'  +44 115", "Confirmed", "'-", "'@Kim",
                       "Contact 1"]
    assert rows[3][:3] == ["Kerry Calder", "Another person's name", "Kerry Calder (mother)"]
