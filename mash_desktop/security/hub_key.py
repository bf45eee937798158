"""The hub key: held by every verified member of every agency, rotated when one leaves.

Disclosures to the whole hub are sealed with the hub key. When someone who
held its current version is no longer a verified member (disabled, or left
with no casework role), the next verified member's sign-in makes a new
version sealed only to the members now, so nothing disclosed afterwards can
be read with what the former member kept. Every version a signing-in member
holds is also sealed to verified members who lack it (a new agency's lead,
for one), so they can read what was disclosed to the hub before.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import NotPermitted
from ..store.models import DataKey, KeySeal, User
from . import vault
from .audit import record


def _former_holders(session: Session, key: DataKey, members: list[User]) -> bool:
    """Whether someone who is not a verified member now holds ``key``."""
    holders = set(session.scalars(select(KeySeal.recipient_user_id).where(
        KeySeal.data_key_id == key.id, KeySeal.recipient_user_id.is_not(None))))
    return bool(holders - {m.id for m in members})


def maintain_hub_key(session: Session, signed, me: User) -> None:
    """Rotate the hub key if a holder left; share every version ``me`` holds with members lacking it."""
    keys = list(session.scalars(select(DataKey).where(DataKey.scope == vault.HUB).order_by(DataKey.version)))
    if not keys:
        return
    opened: dict[int, bytes] = {}
    for key in keys:
        try:
            opened[key.id] = signed.keychain.open(session, key)
        except NotPermitted:
            continue
    trust = signed.trust
    members = vault.verified_members(session, None, trust)
    current = keys[-1]
    if current.id in opened and _former_holders(session, current, members):
        rotated, _ = vault.new_data_key(session, vault.HUB, None, members, me, signed.keychain.keys.signing, trust)
        record(session, signed.actor, "key.rotate", "hub", "HUB", detail={"version": rotated.version})
    for key in keys:
        if key.id in opened:
            for member in members:
                vault.seal_key(session, key, opened[key.id], member, me, trust)
