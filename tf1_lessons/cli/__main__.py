"""``python -m tf1_lessons.cli``."""

import sys

from . import main

sys.exit(main())
