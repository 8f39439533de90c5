"""The comity command line: thin Typer commands over the library."""

from __future__ import annotations

import typer

app = typer.Typer(help="comity: political event data from news, and the relations it reveals.",
                  no_args_is_help=True, add_completion=False)


@app.callback()
def _root() -> None:
    """comity: political event data from news, and the relations it reveals."""


def main() -> None:
    app()
