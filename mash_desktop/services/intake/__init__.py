"""Intake: referrals, their import, the duplicate check and screening."""
