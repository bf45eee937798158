"""The public constants of a demo hub: its password, agencies' workstation secrets and recovery keys.

Kept apart from services/demo/hub.py (which builds a demo hub and needs most of
the application) so the client can sit at a demo workstation quickly.
Anyone with this code can open a demo hub: that is the point of it.
"""

from __future__ import annotations

import hashlib

from ...security import vault
from ...security.credentials import WorkstationCredentials

#: The password of every demo user.
DEMO_PASSWORD = "Demo-Hub-Kestrel-2026"
#: The agency whose workstation the demo client sits at unless told otherwise.
DEMO_AGENCY = "CSC"
DEMO_WORKSTATION = "demo-workstation"


def demo_secret(agency_code: str) -> bytes:
    """The public, fixed workstation secret of a demo agency."""
    return hashlib.sha256(f"mash demo workstation secret v1|{agency_code}".encode()).digest()


def demo_recovery(agency_code: str) -> vault.RecoveryKey:
    """The public, fixed recovery key of a demo agency."""
    return vault.RecoveryKey(hashlib.sha256(f"mash demo recovery key v1|{agency_code}".encode()).digest())


def demo_credentials(agency_code: str, database_url: str) -> WorkstationCredentials:
    """Credentials of a demo workstation of ``agency_code`` on the demo database."""
    return WorkstationCredentials(agency_code, f"{DEMO_WORKSTATION}-{agency_code.lower()}",
                                  demo_secret(agency_code), database_url)
