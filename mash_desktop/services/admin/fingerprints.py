"""Key fingerprints a person compares before vouching for someone.

A supervisor confirming a new member sees the fingerprint of the keys the
hub database holds for them, checked first against the key certificate
made when the account was created; the member reads theirs at their own
workstation (or from the note of their account's creation) and the two
must match.
"""

from __future__ import annotations

from ...security.accounts import SignedIn
from ...security.trust import audited, fingerprint_text
from ...store.database import Database

from .users import user_by_username


def member_fingerprint(db: Database, signed: SignedIn, username: str) -> str:
    """The verified fingerprint of ``username``'s keys (TrustFailure if they do not verify)."""
    with audited(db, signed.actor), db.read() as session:
        user = signed.trust.user(session, user_by_username(session, username))
        return fingerprint_text(bytes(user.public_key) + bytes(user.signing_public_key))


def own_fingerprint(db: Database, signed: SignedIn) -> str:
    """The fingerprint of the signed-in person's own keys, as their keychain holds them."""
    keys = signed.keychain.keys
    return fingerprint_text(keys.sealing_public + keys.signing_public)



