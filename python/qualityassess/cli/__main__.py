"""``python -m qualityassess.cli``, as before the command became a package."""

import sys

from . import main

sys.exit(main())
