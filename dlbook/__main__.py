"""``python -m dlbook``: see ``dlbook.cli``."""

import sys

from .cli import main

sys.exit(main())
