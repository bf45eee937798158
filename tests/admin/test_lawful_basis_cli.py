"""mash-admin disclose takes the lawful basis in parts and refuses an incoherent one in one line."""

import json

import pytest

from .conftest import PASSWORD, REF
from .test_casework_cli import FINDING, SHARED, _screen_and_research


def _disclose(mash, *args: str):
    return mash("disclose", REF, "--to", "CSC", "--reason", "Necessary to assess risk to the child", "--text-file",
                "-", *args, "--as", "pol.officer", stdin=f"{PASSWORD}\n{SHARED}", at="POL")


@pytest.fixture
def ready(mash):
    _screen_and_research(mash)
    assert mash("panel", "write", REF, "--text-file", "-", "--as", "pol.officer",
                stdin=f"{PASSWORD}\n{FINDING}", at="POL").rc == 0
    return mash


@pytest.mark.parametrize("args, reason", [
    (("--data", "health", "--article6", "6_1_e", "--consent", "not-sought", "--consent-reason", "Urgent"),
     "--data: special-category data needs an Article 9 condition"),
    (("--data", "law_enforcement", "--article6", "6_1_e", "--consent", "not-sought", "--consent-reason", "Urgent"),
     "--data: law-enforcement processing is under DPA 2018 Part 3 (s35), not a UK GDPR Article 6 basis"),
    (("--data", "personal", "--article6", "6_1_e", "--schedule8", "sch8_4", "--consent", "not-sought",
      "--consent-reason", "Urgent"),
     "--data: a Schedule 8 condition applies only to law-enforcement processing under DPA 2018 Part 3"),
    (("--data", "personal", "--article6", "6_1_a", "--consent", "refused", "--consent-reason", "Urgent"),
     "--data: the consent basis Art 6(1)(a) needs consent given, not 'consent refused'"),
    (("--data", "personal", "--article6", "6_1_e", "--consent", "given"), "--data: say from whom consent was given"),
    (("--data", "gossip", "--article6", "6_1_e", "--consent", "given"), "--data: 'gossip' is not one of"),
    (("--basis", "art6_1e", "--data", "personal", "--consent", "given"),
     "--basis: give either --basis or --data with its articles, not both"),
    (("--consent", "given",), "--data: say what kind of data is shared"),
])
def test_incoherent_grounds_are_refused_in_one_line(ready, args, reason):
    run = _disclose(ready, *args)
    assert run.rc == 2 and reason in run.err and len(run.err.strip().splitlines()) == 1, run.err


def test_grounds_in_parts_are_recorded_and_shown(ready):
    run = _disclose(ready, "--data", "health,criminal", "--article6", "6-1-e", "--article9", "9_2_g_sch1_18",
                    "--article10", "sch1_18", "--consent", "given", "--consent-from", "Mother",
                    "--consent-covering", "Mother and Ruby", "--gateway", "ca2004_s11")
    assert run.rc == 0, run.err
    made = int(run.out)
    run = ready("referral", "show", REF, "--as", "csc.officer", stdin=[PASSWORD], at="CSC")
    assert run.rc == 0, run.err
    [shown] = [d for d in json.loads(run.out)["disclosures"] if d["id"] == made]
    assert shown["text"] == SHARED and shown["basis"] is None and not shown["altered"]
    assert shown["ground"] == {"kinds": ["health", "criminal"], "article6": "6_1_e", "article9": "9_2_g_sch1_18",
                               "article10": "sch1_18", "schedule8": None}
    assert (shown["consent_from"], shown["consent_covering"]) == ("Mother", "Mother and Ruby")
