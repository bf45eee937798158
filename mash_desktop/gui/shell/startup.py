"""What the client's start-up takes from the services, under the names the windows use.

The work itself (the keyring, the schema check, the demo hub) is in
:mod:`...services.enrolment.startup`, shared with mash-admin; it runs on a worker
(``background.Operation``), never on the Qt thread. ``credential_store`` is
looked up here at run time, so a test can give the client a memory keyring.
"""

from __future__ import annotations

from ...security.credentials import NOT_ENROLLED, credential_store
from ...services.enrolment.startup import (
    Workplace,
    build_demo,
    check_schema,
    demo_url,
    hub_url,
    load_credentials,
    open_demo,
    open_hub,
)

__all__ = ["NOT_ENROLLED", "Workplace", "build_demo", "check_schema", "credential_store", "demo_url", "hub_url",
           "load_credentials", "open_demo", "open_hub"]
