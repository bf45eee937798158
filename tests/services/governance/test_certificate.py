"""The disposal certificate: references, class and counts, no names; recorded and verifiable."""

from __future__ import annotations

import datetime as dt

import pytest

from mash_desktop.domain.errors import NotFound, UserError
from mash_desktop.services.governance import certificate, disposal

from ...pdf_text import flat, text as pdf_text
from .support import MOTHER, SUBJECT, closed_case, with_officer

NOW = dt.datetime.now(dt.timezone.utc)


def test_the_certificate_lists_what_was_disposed_without_names(db, tmp_path):
    hub = with_officer(db)
    reference = closed_case(hub)
    ig = hub.sign_in("hub.ig")
    disposal.approve(db, ig, reference, NOW - dt.timedelta(days=20))
    [done] = disposal.dispose_now(db, ig, NOW)
    made = certificate.produce(db, ig, done.certificate, tmp_path / "certificate.pdf")
    words = flat(pdf_text(made.path.read_bytes()))
    for expected in ("Disposal certificate", done.certificate, reference, "Contact with no further action",
                     "Hub IG Officer", "people 2", "OFFICIAL-SENSITIVE", "backups"):
        assert expected in words, expected
    for name in (*SUBJECT, *MOTHER):
        assert name not in words
    assert certificate.verify(db, ig, made.path) == done.certificate
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(made.path.read_bytes() + b"\n")
    with pytest.raises(UserError, match="not a disposal certificate the hub produced"):
        certificate.verify(db, ig, changed)
    with pytest.raises(NotFound):
        certificate.produce(db, ig, "DC-NONE", tmp_path / "none.pdf")
