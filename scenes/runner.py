"""Rendering of validated lessons into the course bundle (not built yet: see issue 3)."""

from __future__ import annotations

import click


def render_course(config, facts, options, config_path, overrides) -> int:  # noqa: ANN001
    """Report that rendering does not exist yet and return exit status 1."""
    click.echo(
        f"{len(facts)} lesson(s) validated; rendering is not built yet (issue 3). "
        "Use --check to see the facts.",
        err=True,
    )
    return 1
