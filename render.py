"""Command line entry point: ``python render.py --help``."""

from derivanim.cli import main

if __name__ == "__main__":
    main()
