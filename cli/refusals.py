"""A command the domain refuses ends with its message and exit code 2, not a traceback: the
`casework` group wraps every command it runs, so no command repeats the handling."""

import typer
from typer.core import TyperGroup

from casework.errors import DomainError


class RefusalsEndTheCommand(TyperGroup):
    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except DomainError as error:
            typer.echo(f"refused: {error.message}", err=True)
            raise typer.Exit(code=2) from None
