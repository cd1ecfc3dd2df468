"""`python -m accord`: the same as the `accord` console script."""

import sys

from accord.cli import main

sys.exit(main())
