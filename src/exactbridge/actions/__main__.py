"""`python -m exactbridge.actions [--write-docs DIR]`: the capability matrix and the model
reference, printed or written as `DIR/capabilities.md` and `DIR/model-reference.md`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from exactbridge.actions import RESOURCES, render_markdown
from exactbridge.actions._reference import render_reference

PAGES = {
    "capabilities.md": render_markdown,
    "model-reference.md": render_reference,
}


def main(argv: list[str] | None = None) -> int:
    """Print the capability matrix, or write both generated pages into `--write-docs DIR`."""
    parser = argparse.ArgumentParser(
        prog="python -m exactbridge.actions",
        description="Render the capability matrix and the unified model reference.",
    )
    parser.add_argument("--write-docs", type=Path, metavar="DIR", help="write both pages here")
    args = parser.parse_args(argv)
    if args.write_docs is None:
        sys.stdout.write(render_markdown(RESOURCES))
        return 0
    for name, render in PAGES.items():
        (args.write_docs / name).write_text(render(RESOURCES), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
