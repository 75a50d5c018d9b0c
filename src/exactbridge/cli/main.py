"""`exactbridge`: the command line. `exactbridge --help` lists every command."""

from __future__ import annotations

import typer

from exactbridge.cli.connections import connections, status
from exactbridge.cli.db import db
from exactbridge.cli.demo import demo
from exactbridge.cli.emulator import emulator
from exactbridge.cli.sync import sync

__all__ = ["app", "main"]

app = typer.Typer(
    name="exactbridge",
    help="Self-hosted integration platform for Exact Online, with a faithful local emulator.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command(name="emulator")(emulator)
app.command(name="demo")(demo)
app.command(name="sync")(sync)
app.command(name="status")(status)
app.add_typer(connections, name="connections")
app.add_typer(db, name="db")


def main() -> None:
    """Entry point of the `exactbridge` console script."""
    app()
