"""Run the application with ``python -m desktop_app``."""

import multiprocessing
import sys

from desktop_app.app import main

if __name__ == "__main__":
    # a bundled app starts its helper processes (large imports) through this executable
    multiprocessing.freeze_support()
    sys.exit(main())
