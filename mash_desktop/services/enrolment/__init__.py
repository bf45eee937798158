"""Enrolment: the hub's first set-up, a workstation joining it and getting it ready for sign-in."""
