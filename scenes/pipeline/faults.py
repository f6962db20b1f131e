"""Fault injection at named moments of a lesson's render, for the reliability tests.

A test sets the environment variable ``DERIVANIM_FAULTS`` to a comma-separated list of
``<lesson id>:<stage>:<action>`` entries before starting a render; when the worker rendering
that lesson reaches that stage, the action happens: ``raise`` (the lesson fails with an
error, as a bug in a scene would) or ``kill`` (the whole process group dies at once with
SIGKILL, as when a machine is switched off or the run is killed from outside), or ``die-once``
(only the rendering process dies, with SIGKILL, as a cluster worker does when its machine
fails; it dies the first time only, so a retry elsewhere gets through: the variable
``DERIVANIM_FAULTS_ONCE`` names a folder where the first death is marked). Without the
variable, :func:`checkpoint` does nothing.

A lesson's stages, in order: ``start`` (before rendering), ``second:<n>`` (as the n-th second
of video has been drawn and queued for encoding), ``encoded`` (the videos are closed, their
index moved to the front), ``checked`` (every video decoded and its frames counted), ``poster``
and ``gif`` (each just made), ``rendered`` (every file is ready, nothing is published) and
``publish:<file name>`` (the complete temporary copy is beside its destination, just before
the rename). The course process itself uses the lesson name ``@course`` (ids cannot contain
``@``), with the stages ``publish:manifest.json`` and ``publish:index.html``.

Examples
--------
>>> checkpoint("secant", "start", {"DERIVANIM_FAULTS": "limit:start:raise"})
>>> checkpoint("secant", "start", {"DERIVANIM_FAULTS": "secant:start:raise"})
Traceback (most recent call last):
...
scenes.pipeline.faults.InjectedFault: injected fault in lesson 'secant' at start
"""

from __future__ import annotations

import os
import signal
from collections.abc import Mapping
from pathlib import Path

VARIABLE = "DERIVANIM_FAULTS"
ONCE = "DERIVANIM_FAULTS_ONCE"
"""The folder where a ``die-once`` fault marks that it has happened."""
COURSE = "@course"
"""The lesson name of the course process's own checkpoints."""


class InjectedFault(RuntimeError):
    """The failure a test asked for."""


def checkpoint(lesson_id: str, stage: str, environ: Mapping[str, str] = os.environ) -> None:
    """Fail here if the environment asks for a fault in this lesson at this stage."""
    for entry in filter(None, environ.get(VARIABLE, "").split(",")):
        wanted_lesson, _, rest = entry.partition(":")
        wanted_stage, _, action = rest.rpartition(":")
        if wanted_lesson != lesson_id or wanted_stage != stage:
            continue
        if action == "kill":
            os.killpg(os.getpgrp(), signal.SIGKILL)
        if action == "die-once":
            mark = Path(environ[ONCE]) / f"{lesson_id}-{stage.replace(':', '-')}"
            try:
                mark.touch(exist_ok=False)
            except FileExistsError:
                continue  # died here before: this is the retry
            os.kill(os.getpid(), signal.SIGKILL)
        raise InjectedFault(f"injected fault in lesson {lesson_id!r} at {stage}")
