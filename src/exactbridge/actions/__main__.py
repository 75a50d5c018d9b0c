"""`python -m exactbridge.actions [--write PATH]`: print (or write) the capability matrix."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from exactbridge.actions import RESOURCES, render_markdown


def main(argv: list[str] | None = None) -> int:
    """Render the capability matrix as Markdown to stdout or to `--write PATH`."""
    parser = argparse.ArgumentParser(
        prog="python -m exactbridge.actions", description="Render the capability matrix."
    )
    parser.add_argument("--write", type=Path, help="write the page here instead of stdout")
    args = parser.parse_args(argv)
    page = render_markdown(RESOURCES)
    if args.write is None:
        sys.stdout.write(page)
    else:
        args.write.write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
