"""Use-cases of the hub. Each takes a Database and an Actor, returns plain data.

Services never talk to a person: they raise errors from domain/errors.py and
front ends (the client, mash-admin) decide how to show them.
"""
