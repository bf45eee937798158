"""Enrolling the workstation to the hub: the wizard and the ways into it."""
