"""Recording a subject access request: the clock, its extension and outcome, signed and checked on read."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from mash_desktop.domain import subject_access as sar
from mash_desktop.domain.errors import Conflict, FieldError, NotPermitted
from mash_desktop.domain.subject_access import RequestStatus, Requester
from mash_desktop.services.subject_access import requests

from .hub import sar_hub, sar_hub_templates  # noqa: F401 (fixtures)


def _ruby(h) -> int:
    return requests.find_people(h.db, h["hub.ig"], "Calder Ruby")[0].id


def test_a_request_runs_one_month_and_may_be_extended_by_two_at_most(sar_hub):
    h, ig = sar_hub, sar_hub["hub.ig"]
    received = requests.today() - dt.timedelta(days=3)
    request_id = requests.new_request(h.db, ig, _ruby(h), Requester.SELF, received)
    view = requests.request_view(h.db, ig, request_id)
    assert view.verified and view.status is RequestStatus.OPEN and view.due_on == sar.add_months(received, 1)
    assert view.words.startswith("Open: due in")
    with pytest.raises(FieldError, match="say why"):
        requests.extend(h.db, ig, request_id, 1, "  ")
    assert requests.extend(h.db, ig, request_id, 1, "Complex: five contacts.") == sar.add_months(received, 2)
    with pytest.raises(Conflict, match="at most 2 months"):
        requests.extend(h.db, ig, request_id, 2, "More.")
    assert requests.extend(h.db, ig, request_id, 1, "Agency parts late.") == sar.add_months(received, 3)
    requests.answer(h.db, ig, request_id)
    view = requests.request_view(h.db, ig, request_id)
    assert view.status is RequestStatus.ANSWERED and view.verified and view.extended_months == 2
    with pytest.raises(Conflict, match="already answered"):
        requests.refuse(h.db, ig, request_id, "Manifestly unfounded.")


def test_proof_of_identity_later_moves_the_clock(sar_hub):
    h, ig = sar_hub, sar_hub["hub.ig"]
    received = requests.today() - dt.timedelta(days=20)
    request_id = requests.new_request(h.db, ig, _ruby(h), Requester.SELF, received)
    proof = received + dt.timedelta(days=10)
    assert requests.record_identity(h.db, ig, request_id, proof) == sar.add_months(proof, 1)


def test_someone_asking_for_the_person_says_on_what_authority(sar_hub):
    h, ig = sar_hub, sar_hub["hub.ig"]
    with pytest.raises(FieldError, match="authority"):
        requests.new_request(h.db, ig, _ruby(h), Requester.ON_BEHALF, requests.today(), requester_name="K Calder")
    with pytest.raises(FieldError, match="future"):
        requests.new_request(h.db, ig, _ruby(h), Requester.SELF, requests.today() + dt.timedelta(days=1))
    request_id = requests.new_request(h.db, ig, _ruby(h), Requester.ON_BEHALF, requests.today(),
                                      requester_name="Kerry Calder", authority="Parental responsibility")
    assert requests.request_view(h.db, ig, request_id).who_asked == \
        "Kerry Calder on their behalf (Parental responsibility)"


def test_a_request_changed_in_the_database_shows_as_altered_and_is_not_acted_on(sar_hub):
    h, ig = sar_hub, sar_hub["hub.ig"]
    request_id = requests.new_request(h.db, ig, _ruby(h), Requester.SELF, requests.today() - dt.timedelta(days=2))
    requests.refuse(h.db, ig, request_id, "Repeat of a request answered last month.")
    with h.db.write() as s:
        s.execute(text("UPDATE subject_access_requests SET status = 'open', due_on = :d WHERE id = :i"),
                  {"d": requests.today() + dt.timedelta(days=300), "i": request_id})
    view = requests.list_requests(h.db, ig)[0]
    assert not view.verified and view.words.startswith("ALTERED OUTSIDE THE HUB")
    with pytest.raises(Conflict, match="altered outside the hub"):
        requests.answer(h.db, ig, request_id)
    assert requests.deadlines(h.db, ig).overdue == 1  # an altered live request is never shown as on time


def test_only_the_information_governance_officer_records_requests(sar_hub):
    h = sar_hub
    for who in ("csc.officer", "csc.lead", "hub.admin"):
        with pytest.raises(NotPermitted):
            requests.list_requests(h.db, h[who])
