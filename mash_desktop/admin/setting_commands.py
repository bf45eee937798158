"""mash-admin hub settings / hub set: the hub's own timescales (services/settings.py).

Anyone may list the settings; only an administrator of the hub itself may
change one (an agency's administrator is refused by the service), and each
change is audited with its old and new value.
"""

from __future__ import annotations

import argparse

from ..domain.codes import Role
from ..services import settings
from . import signin
from .output import table


def register(sub) -> None:
    """Add the ``hub`` command group to mash-admin's subcommands."""
    group = sub.add_parser("hub", help="the hub's own settings (timescales)")
    actions = group.add_subparsers(dest="hub_command", metavar="ACTION", required=True,
                                   parser_class=type(group))
    actions.add_parser(
        "settings", help="list the hub's settings: name, value, unit, default and where the default comes from"
    ).set_defaults(run=list_settings)
    change = actions.add_parser(
        "set", help="set one of the hub's settings (the hub's own administrators; audited)",
        description="NAME is one of: " + ", ".join(f"{s.name} ({s.label.lower()}, {s.low:g} to {s.high:g} "
                                                   f"{s.unit})" for s in settings.SETTINGS.values()) + ".")
    change.add_argument("name", metavar="NAME", help="the setting, e.g. screening_hours")
    change.add_argument("value", metavar="VALUE", help="the new value, a number in the setting's unit")
    signin.add_as(change, "an administrator of the hub; needed once the hub has accounts", required=False)
    change.set_defaults(run=set_setting)


def _name(text: str) -> str:
    return text.strip().lower().replace("-", "_")


def list_settings(args: argparse.Namespace) -> None:
    values = settings.hub_settings(signin.open_database(args.db))
    table([(s.name, f"{values[s.name]:g}", s.unit, f"{s.default:g}", s.source) for s in settings.SETTINGS.values()],
          ("NAME", "VALUE", "UNIT", "DEFAULT", "SOURCE"))


def set_setting(args: argparse.Namespace) -> None:
    name = _name(args.name)
    db, actor = signin.acting(args, "hub set", Role.ADMIN)
    value = settings.set_setting(db, actor, name, args.value)
    setting = settings.SETTINGS[name]
    print(f"{setting.label}: {value:g} {setting.unit} (default {setting.default:g}). "
          "New contacts take it from now on; those already in are not changed.")
