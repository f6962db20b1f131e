"""The base class of every lesson scene: its lesson, theme, layout, beats and prose.

A lesson scene is built with no arguments by the ``manim`` command line, so it can find its
lesson on its own: the config named by ``DERIVANIM_CONFIG`` (default ``config/course.toml``),
the lesson named by ``DERIVANIM_LESSON`` (default: the first lesson of the scene's kind).
The renderer passes the computed facts in directly instead.

Scenes are storyboards: ``construct`` calls one method per beat, and each beat starts with
:meth:`LessonScene.beat`, which opens a section (a chapter of the video) and records the
beat's caption, written to the subtitle track when the beat ends.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from manim import UP, FadeOut, Scene, VGroup, config

from derivanim.captions import reading_seconds
from derivanim.config import CourseConfig, load_course
from derivanim.facts import LessonFacts, lesson_facts
from derivanim.kinds import kind_of
from derivanim.scripts import script_for
from derivanim.speech import say
from scenes.kit.titles import fit_title
from scenes.kit.layout import ASPECTS, GRAPH_SHARE, Layout
from scenes.kit.motion import hand_over
from scenes.kit.text import GlyphSet, prose
from scenes.kit.theme import THEMES, Theme

SPEECH_TAIL = 0.4
"""Seconds of quiet kept after a beat's narration before the next beat starts."""


@dataclass
class Beat:
    """One step of a lesson: a chapter of the video with its caption.

    Attributes
    ----------
    key : str
        Which beat of the kind's storyboard it is (a key of the kind's chapters).
    name : str
        Chapter title.
    caption : str
        What the captions (and the narration) say during the beat.
    start, end : float
        Scene time in seconds.
    speech : float
        How long the narration of the caption lasts (0 without narration); the beat lasts
        at least that long, plus a short breath.
    script : str
        What the voice says, written for the ear: the kind's script for the beat
        (:mod:`derivanim.scripts`), which describes what appears, or the caption said as
        words where the kind has none. Kept silent too, for the transcript.
    """

    key: str
    name: str
    caption: str
    start: float
    end: float = 0.0
    speech: float = 0.0
    script: str = ""

    @property
    def caption_end(self) -> float:
        """When the beat's captions stop: as the voice finishes when the beat is narrated
        (or once its caption can be read, if that is later), at the end of the beat otherwise.

        Examples
        --------
        >>> Beat("question", "The question", "How steep?", start=2.0, end=9.0, speech=3.1).caption_end
        5.1
        >>> Beat("question", "The question", "How steep?", start=2.0, end=9.0).caption_end
        9.0
        """
        if not self.speech:
            return self.end
        return min(self.end, self.start + max(self.speech, reading_seconds(self.caption)))


def aspect_of_frame(width: float, height: float) -> str:
    """The named aspect closest to a frame's proportions.

    Examples
    --------
    >>> aspect_of_frame(14.222, 8.0), aspect_of_frame(4.5, 8.0), aspect_of_frame(6.4, 8)
    ('16:9', '9:16', '4:5')
    """
    ratio = width / height
    return min(ASPECTS, key=lambda name: abs(ASPECTS[name][0] / ASPECTS[name][1] - ratio))


def default_lesson(kind: str) -> tuple[CourseConfig, LessonFacts]:
    """Find the lesson a scene renders when it is built with no arguments."""
    path = Path(os.environ.get("DERIVANIM_CONFIG", "config/course.toml"))
    if not path.is_absolute() and not path.exists():
        path = Path(__file__).resolve().parents[2] / path
    course = load_course(path)
    wanted = os.environ.get("DERIVANIM_LESSON")
    for lesson in course.lessons:
        if (wanted and lesson.id == wanted) or (not wanted and lesson.kind == kind):
            return course, lesson_facts(lesson)
    raise LookupError(f"{path}: no {kind} lesson" + (f" with id {wanted!r}" if wanted else ""))


class LessonScene(Scene):
    """A lesson's scene: subclasses set ``kind`` and write ``construct`` as named beats.

    Parameters
    ----------
    facts : LessonFacts, optional
        The lesson to draw; found from the config when omitted.
    theme : str, optional
        Theme name; the course's theme when omitted.
    narrator : callable, optional
        Told each beat's caption before the beat is animated, returns how long saying it
        takes (:meth:`scenes.pipeline.voice.Narrator.seconds`); the beat then holds its last frame
        until the voice has finished. Without it the lesson keeps its own pace.
    """

    kind: ClassVar[str] = ""
    graph_share: ClassVar[float] = GRAPH_SHARE
    """The graph box's share of the body's width in wide frames (:meth:`Layout.for_aspect`)."""
    read_time: ClassVar[float] = 1.2
    """Pause after a short line appears, in seconds."""

    def __init__(self, facts: LessonFacts | None = None, theme: str | None = None,
                 narrator: Callable[[str], float] | None = None, **kwargs: object) -> None:
        course_theme = "dark"
        if facts is None:
            course, facts = default_lesson(self.kind)
            course_theme = course.course.theme
        self.facts = facts
        self.lesson = facts.lesson
        self.chapters = kind_of(self.kind).chapters(facts.facts)
        """The kind's beats: key -> chapter title, in storyboard order."""
        self.scripts = script_for(facts)
        """The kind's scripts: key -> what the narrator says in that beat."""
        self.theme: Theme = THEMES[theme or course_theme]
        self.layout = Layout.for_aspect(aspect_of_frame(config.frame_width, config.frame_height),
                                        graph_share=self.graph_share)
        self.beats: list[Beat] = []
        self.narrator = narrator
        self._prose: VGroup | None = None
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.camera.background_color = self.theme.background
        self.glyphs = GlyphSet()

    # ---- beats and captions -------------------------------------------------------------
    def beat(self, key: str, caption: str) -> None:
        """Start the beat ``key`` of the kind's storyboard: a chapter of the video (titled as
        the kind's chapters say), with its caption.

        Raises
        ------
        KeyError
            When the kind declares no beat ``key`` (:attr:`derivanim.kinds.Kind.chapters`).
        """
        if key not in self.chapters:
            raise KeyError(f"the {self.kind} storyboard opens a beat {key!r} that its kind does "
                           f"not declare (it declares {', '.join(self.chapters)})")
        name = self.chapters[key]
        self._close_beat()
        self.next_section(name)
        # The pipeline's streaming writer starts each chapter on a keyframe, so players can
        # seek to it; Manim's own writer (the ``manim`` command line) has no such hook.
        mark_keyframe = getattr(getattr(self.renderer, "file_writer", None), "mark_keyframe", None)
        if callable(mark_keyframe):
            mark_keyframe()
        # The script written for the ear; a beat the kind wrote none for says its caption.
        script = self.scripts.get(key) or say(caption)
        speech = self.narrator(script) if self.narrator is not None else 0.0
        self.beats.append(Beat(key=key, name=name, caption=caption, start=float(self.time),
                               speech=speech, script=script))

    def _close_beat(self) -> None:
        if self.beats and not self.beats[-1].end:
            current = self.beats[-1]
            # Hold the picture until the voice has finished and the caption can be read at
            # the cues' reading speed (:data:`derivanim.captions.MAX_CHARS_PER_SECOND`).
            held = reading_seconds(current.caption)
            if current.speech:
                held = max(held, current.speech + SPEECH_TAIL)
            unsaid = current.start + held - float(self.time)
            if unsaid > 1e-6:
                # A wait ends on a whole frame, which can fall just short of ``held``: one
                # frame more keeps every cue within its reading speed.
                self.wait(unsaid + 1 / config.frame_rate)
            current.end = float(self.time)
            duration = current.end - current.start
            if duration > 0:
                self.add_subcaption(current.caption, duration=duration, offset=-duration)

    def tear_down(self) -> None:
        """Close the last beat so its caption is written."""
        self._close_beat()
        super().tear_down()

    # ---- text on screen -----------------------------------------------------------------
    def title_text(self, text: str) -> VGroup:
        """The lesson title, fitted to the title band (:func:`scenes.kit.titles.fit_title`).

        Raises
        ------
        ValueError
            If the title does not fit the band at any of the sizes tried.
        """
        return fit_title(text, self.layout, self.theme)

    def set_prose(self, text: str, color: str | None = None) -> VGroup:
        """``text`` set as the prose lines (at most two), centred in the prose box.

        Raises
        ------
        ValueError
            When it does not fit in two lines.
        """
        box = self.layout.prose
        return prose(text, self.theme, box.width, color=color).move_to(box.center)

    def say(self, text: str, color: str | None = None) -> list:
        """Animations that replace the prose lines with ``text`` (at most two lines).

        It is one animation (:func:`scenes.kit.motion.hand_over`): the old lines fade out,
        then the new ones fade in, within the run time of the ``play`` it is part of, so the
        two sentences are never on screen together. The new lines rise into place from just
        below (as far as the caption band allows), never over the panel above the prose box.
        """
        new = self.set_prose(text, color)
        rise = min(0.15, max(0.0, new.get_bottom()[1] - self.layout.safe.bottom))  # not into the captions
        animations: list = [hand_over(self._prose, new, shift=rise * UP)]
        self._prose = new
        return animations

    def say_first(self, *texts: str, color: str | None = None) -> list:
        """Animations that show the first of ``texts`` that fits the prose box in two lines.

        Prose that carries numbers from the facts grows with a user's function and shrinks with
        the frame; a beat offers a sentence and shorter fallbacks, and the frame picks.

        Raises
        ------
        ValueError
            If not even the last text fits (or no text is given).
        """
        for index, text in enumerate(texts):
            try:
                return self.say(text, color=color)
            except ValueError:
                if index == len(texts) - 1:
                    raise
        raise ValueError("say_first needs at least one text")

    def clear_prose(self) -> list:
        """Animations that remove the prose lines."""
        if self._prose is None:
            return []
        old, self._prose = self._prose, None
        return [FadeOut(old)]

    def pause(self, lines: int = 1) -> None:
        """Wait long enough to read ``lines`` short lines."""
        self.wait(self.read_time * lines)
