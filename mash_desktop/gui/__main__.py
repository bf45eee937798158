"""``python -m mash_desktop.gui``: the same as the mash-desktop command."""

from .app import main

raise SystemExit(main())
