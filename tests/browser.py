"""Drive Debian's headless Chromium against a course bundle served on 127.0.0.1.

Reusable by any test that has a bundle folder (``index.html``, ``manifest.json`` and the lesson
files)::

    with serve(root) as server, Chromium(tmp_path / "profile") as browser:
        page = browser.new_page()
        page.navigate(server.url + "index.html")
        report = inspect_course_page(page, manifest)
        assert course_page_problems(report, manifest, root) == []
        assert outside_requests(page.requested_urls(), server.url) == []

The browser is driven by Playwright for Python (its wheel carries its own driver) running
Debian's Chromium (``executable_path``): no browser is downloaded. :class:`Page` wraps
Playwright's page (``page.tab``) with the few calls the course-page checks use; tests that
need more (clicks, typing, frames, screenshots) use ``page.tab`` directly.

The test server answers HTTP byte-range requests (``Range: bytes=a-b``), as every real web
server does: Chromium streams media with them and treats a server without them as one it
cannot seek in.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium launcher (``make setup`` installs the package)."""

FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--mute-audio",
    "--autoplay-policy=no-user-gesture-required",
)
"""How the browser is started (a profile folder is added per run)."""


class BrowserError(RuntimeError):
    """The browser died, timed out, or answered a command with an error."""


# ---------------------------------------------------------------------------------------------
# A static file server with byte ranges


@dataclass
class Server:
    """A running test server: its base URL (ending in ``/``) and the paths it was asked for."""

    url: str
    requests: list[str] = field(default_factory=list)


class _BundleHandler(SimpleHTTPRequestHandler):
    """Serves a folder, answering ``Range: bytes=...`` with 206 Partial Content."""

    log: list[str]
    ranges: bool

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        """Keep test output clean: requests are recorded in ``log`` instead."""

    def send_head(self) -> Any:
        self.log.append(self.path)
        header = self.headers.get("Range", "")
        if not self.ranges or not header.startswith("bytes="):
            return super().send_head()
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        span = _byte_range(header, size)
        if span is None:
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        start, end = span
        stream = open(path, "rb")  # noqa: SIM115 - closed by copyfile's caller
        stream.seek(start)
        self.send_response(HTTPStatus.PARTIAL_CONTENT)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        return _Limited(stream, end - start + 1)

    def end_headers(self) -> None:
        if self.ranges:
            self.send_header("Accept-Ranges", "bytes")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def copyfile(self, source: Any, outputfile: Any) -> None:
        try:
            super().copyfile(source, outputfile)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser cancelled a media request it no longer needed: normal


class _Limited:
    """A file object that reads at most ``remaining`` bytes (the body of a 206 answer)."""

    def __init__(self, stream: Any, remaining: int) -> None:
        self.stream = stream
        self.remaining = remaining

    def read(self, size: int = -1) -> bytes:
        if size < 0 or size > self.remaining:
            size = self.remaining
        data = self.stream.read(size)
        self.remaining -= len(data)
        return data

    def close(self) -> None:
        self.stream.close()


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The first range of a ``Range`` header as inclusive (start, end), or None if unsatisfiable.

    >>> _byte_range("bytes=0-", 100), _byte_range("bytes=10-19", 100), _byte_range("bytes=-5", 100)
    ((0, 99), (10, 19), (95, 99))
    >>> _byte_range("bytes=100-", 100) is None
    True
    """
    first = header.split("=", 1)[1].split(",")[0].strip()
    low, _, high = first.partition("-")
    try:
        if not low:
            start, end = max(0, size - int(high)), size - 1
        else:
            start, end = int(low), min(int(high), size - 1) if high else size - 1
    except ValueError:
        return None
    return (start, end) if 0 <= start <= end < size else None


@contextmanager
def serve(folder: Path, ranges: bool = True) -> Iterator[Server]:
    """Serve ``folder`` on 127.0.0.1 (a free port) in a background thread, until the block ends.

    Parameters
    ----------
    folder : Path
        The bundle root.
    ranges : bool
        Answer byte-range requests (as real servers do). ``False`` behaves like Python's plain
        ``http.server``, which always sends the whole file.
    """
    log: list[str] = []
    handler = type("Handler", (_BundleHandler,), {"log": log, "ranges": ranges})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        host, port = httpd.server_address[:2]
        yield Server(url=f"http://{host}:{port}/", requests=log)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


# ---------------------------------------------------------------------------------------------
# Chromium through Playwright


class Chromium:
    """Debian's headless Chromium driven by Playwright; use it as a context manager.

    Playwright's wheel carries its own driver; the browser is the system's
    (``executable_path``), so nothing is downloaded. Each :meth:`new_page` opens a tab in one
    persistent profile.

    Parameters
    ----------
    profile : Path
        The browser's profile folder (created).
    executable : Path
        The browser to run.
    flags : sequence of str
        More command-line switches for the browser.

    Raises
    ------
    BrowserError
        When the browser is missing or does not start (tests fail, they do not skip).
    """

    def __init__(self, profile: Path, executable: Path = CHROMIUM,
                 flags: tuple[str, ...] = ()) -> None:
        if not executable.exists():
            raise BrowserError(f"{executable} is missing: `make setup` installs Chromium")
        profile.mkdir(parents=True, exist_ok=True)
        self._driver = sync_playwright().start()
        try:
            self.context = self._driver.chromium.launch_persistent_context(
                str(profile), executable_path=str(executable), headless=True,
                args=[*FLAGS, *flags], viewport={"width": 1280, "height": 900})
        except Exception as error:
            self._driver.stop()
            raise BrowserError(f"Chromium did not start: {error}") from error

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def new_page(self, width: int = 1280, height: int = 900) -> Page:
        """A new tab of ``width`` x ``height`` CSS pixels, recording its requests and errors."""
        tab = self.context.new_page()
        tab.set_viewport_size({"width": width, "height": height})
        return Page(tab)

    def close(self) -> None:
        """Close the browser and stop the driver."""
        try:
            self.context.close()
        finally:
            self._driver.stop()


class Page:
    """One tab of a :class:`Chromium`: Playwright's page (``.tab``) and what it saw."""

    def __init__(self, tab: Any) -> None:
        self.tab = tab
        self._requests: list[str] = []
        self._errors: list[str] = []
        tab.on("request", lambda request: self._requests.append(request.url))
        tab.on("console", lambda message: self._errors.append(message.text)
               if message.type == "error" else None)
        tab.on("pageerror", lambda error: self._errors.append(str(error)))

    def navigate(self, url: str, timeout: float = 15.0) -> None:
        """Load ``url`` and wait for its load event."""
        try:
            self.tab.goto(url, wait_until="load", timeout=timeout * 1000)
        except PlaywrightError as error:
            raise BrowserError(f"cannot open {url}: {error}") from error

    def evaluate(self, expression: str, timeout: float = 10.0) -> Any:
        """Run JavaScript (awaiting a promise result); return its value.

        Raises
        ------
        BrowserError
            With the script's exception text when it throws.
        """
        self.tab.set_default_timeout(timeout * 1000)
        try:
            return self.tab.evaluate(expression)
        except PlaywrightError as error:
            raise BrowserError(f"script failed: {error}") from error

    def requested_urls(self) -> list[str]:
        """Every URL this tab asked for (documents, media, tracks, images...), in order."""
        return list(self._requests)

    def console_errors(self) -> list[str]:
        """Console errors and uncaught exceptions reported by the page so far."""
        return list(self._errors)


# ---------------------------------------------------------------------------------------------
# Checking a course page

INSPECT = r"""
async (manifest, budget) => {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const until = async (test, ms) => {
    const end = performance.now() + ms;
    while (!test()) {
      if (performance.now() > end) { return false; }
      await sleep(25);
    }
    return true;
  };
  const lessons = [];
  for (const lesson of manifest.lessons) {
    const found = document.querySelectorAll(
      'section[data-lesson="' + CSS.escape(lesson.id) + '"]');
    const item = {id: lesson.id, sections: found.length};
    lessons.push(item);
    if (found.length !== 1) { continue; }
    const section = found[0];
    const videos = section.querySelectorAll("video");
    item.videos = videos.length;
    if (!videos.length) { continue; }
    const video = videos[0];
    item.attributes = {controls: video.controls, preload: video.getAttribute("preload"),
                       poster: video.getAttribute("poster")};
    item.sources = Array.from(video.querySelectorAll("source"),
                              (s) => ({src: s.getAttribute("src"), type: s.type}));
    // Captions must be on before the test touches anything.
    item.tracks = Array.from(video.querySelectorAll("track"), (t) => ({
      kind: t.kind, src: t.getAttribute("src"), srclang: t.srclang, label: t.label,
      isDefault: t.default, initialMode: t.track.mode}));
    video.muted = true;
    video.preload = "auto";
    let ready = await until(() => video.readyState >= 4 || video.error, budget / 2);
    if (!ready) {
      video.load();
      ready = await until(() => video.readyState >= 4 || video.error, budget / 2);
    }
    item.readyState = video.readyState;
    item.error = video.error ? {code: video.error.code, message: video.error.message} : null;
    item.duration = video.duration;
    item.videoWidth = video.videoWidth;
    item.videoHeight = video.videoHeight;
    item.currentSrc = video.currentSrc;
    item.seekable = video.seekable.length ? [video.seekable.start(0), video.seekable.end(0)] : [];
    // A short muted playback.
    try {
      await video.play();
      item.played = await until(() => video.currentTime > 0.2, budget / 2);
    } catch (error) {
      item.played = false;
      item.playError = String(error);
    }
    video.pause();
    // Proof of decoding: the frame shown after a short playback, drawn onto a canvas. (Before
    // any playback Chromium draws nothing, even at readyState 4.)
    if (video.readyState >= 2) {
      const canvas = document.createElement("canvas");
      canvas.width = Math.min(video.videoWidth, 160);
      canvas.height = Math.max(1, Math.round(canvas.width * video.videoHeight / video.videoWidth));
      const context = canvas.getContext("2d");
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      try {
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
        const sum = [0, 0, 0];
        let alpha = 0, brightest = 0;
        for (let i = 0; i < pixels.length; i += 4) {
          sum[0] += pixels[i]; sum[1] += pixels[i + 1]; sum[2] += pixels[i + 2];
          alpha = Math.max(alpha, pixels[i + 3]);
          brightest = Math.max(brightest, pixels[i], pixels[i + 1], pixels[i + 2]);
        }
        const count = pixels.length / 4;
        item.frame = {mean: sum.map((v) => v / count), alpha: alpha, brightest: brightest};
      } catch (error) {
        // A video from another origin (every file:// URL is one) taints the canvas.
        item.frame = {unreadable: String(error)};
      }
    }
    item.decodedFrames = video.getVideoPlaybackQuality
      ? video.getVideoPlaybackQuality().totalVideoFrames : null;
    // Tracks: make every one load (chapters are disabled by default) and count its cues.
    const elements = Array.from(video.querySelectorAll("track"));
    for (const element of elements) {
      if (element.track.mode === "disabled") { element.track.mode = "hidden"; }
    }
    await until(() => elements.every((e) => e.readyState >= 2), budget / 2);
    item.loadedTracks = elements.map((e) => ({
      kind: e.kind, src: e.getAttribute("src"), readyState: e.readyState, mode: e.track.mode,
      cues: e.track.cues ? e.track.cues.length : null,
      first: e.track.cues && e.track.cues.length ? e.track.cues[0].text : null}));
    item.textTracks = Array.from(video.textTracks, (t) => ({
      kind: t.kind, label: t.label, mode: t.mode, cues: t.cues ? t.cues.length : null}));
    // Chapters: clicking each button seeks the video to that chapter's start.
    item.chapters = [];
    for (const button of section.querySelectorAll(".chapters .chapter")) {
      button.click();
      const immediate = video.currentTime;
      await until(() => !video.seeking, 3000);
      item.chapters.push({start: parseFloat(button.getAttribute("data-start")),
                          title: button.querySelector(".chapter-title").textContent,
                          immediate: immediate, after: video.currentTime,
                          playing: !video.paused});
      video.pause();
    }
  }
  return {
    lessons: lessons,
    sections: document.querySelectorAll("section[data-lesson]").length,
    videos: document.querySelectorAll("video").length,
    resources: performance.getEntriesByType("resource").map((e) => e.name),
    location: location.href,
  };
}
"""


def inspect_course_page(page: Page, manifest: Mapping[str, Any], budget: float = 10.0) -> Any:
    """Exercise every lesson of a loaded course page and report what the browser saw.

    For each lesson: its section and video, the video's state once loaded with ``preload =
    "auto"`` (readyState, duration, error, size), a frame drawn onto a canvas, a short muted
    playback, each track after it was made to load (readyState and cue count) and, for each
    chapter button, the video's time right after the click and after seeking. ``budget`` is the
    seconds allowed for one lesson's video to load.
    """
    expression = f"({INSPECT})({json.dumps(manifest)}, {budget * 1000})"
    return page.evaluate(expression, timeout=budget * 2 * max(1, len(manifest["lessons"])) + 10)


def vtt_cue_count(path: Path) -> int:
    """The number of cues in a WebVTT file (its timing lines)."""
    return sum("-->" in line for line in path.read_text(encoding="utf-8").splitlines())


def course_page_problems(report: Mapping[str, Any], manifest: Mapping[str, Any],
                         root: Path) -> list[str]:
    """Everything about an :func:`inspect_course_page` report that is not as it should be."""
    problems: list[str] = []
    lessons = {item["id"]: item for item in report["lessons"]}
    if report["videos"] != len(manifest["lessons"]):
        problems.append(f"{report['videos']} videos for {len(manifest['lessons'])} lessons")
    for lesson in manifest["lessons"]:
        seen = lessons.get(lesson["id"], {})
        name = lesson["id"]
        if seen.get("sections") != 1 or seen.get("videos") != 1:
            problems.append(f"{name}: {seen.get('sections')} sections, {seen.get('videos')} videos")
            continue
        if seen["error"] is not None:
            problems.append(f"{name}: media error {seen['error']}")
        if seen["readyState"] != 4:
            problems.append(f"{name}: readyState {seen['readyState']}, not 4 (HAVE_ENOUGH_DATA)")
        frame = 1.0 / lesson["fps"]
        if not abs((seen["duration"] or 0) - lesson["duration"]) <= frame + 1e-6:
            problems.append(f"{name}: lasts {seen['duration']} s in the browser, "
                            f"{lesson['duration']} s in the manifest")
        if (seen["videoWidth"], seen["videoHeight"]) != (lesson["width"], lesson["height"]):
            problems.append(f"{name}: {seen['videoWidth']}x{seen['videoHeight']}, manifest "
                            f"{lesson['width']}x{lesson['height']}")
        if not seen.get("frame") or seen["frame"]["alpha"] != 255:
            problems.append(f"{name}: no decoded frame could be drawn ({seen.get('frame')})")
        if not seen.get("played") or not seen.get("decodedFrames"):
            problems.append(f"{name}: did not play ({seen.get('playError')}, "
                            f"{seen.get('decodedFrames')} frames decoded)")
        problems += _track_problems(name, seen, lesson, root)
        problems += _chapter_problems(name, seen, lesson)
    return problems


def _track_problems(name: str, seen: Mapping[str, Any], lesson: Mapping[str, Any],
                    root: Path) -> list[str]:
    problems = []
    expected = {item["role"]: item["path"] for item in lesson["files"]
                if item["format"] == "vtt" and item["role"] in ("captions", "chapters")}
    tracks = {track["kind"]: track for track in seen["loadedTracks"]}
    for role, path in expected.items():
        track = tracks.get(role)
        if track is None:
            problems.append(f"{name}: no {role} track")
            continue
        if track["src"] != path:
            problems.append(f"{name}: {role} track src {track['src']!r}, manifest {path!r}")
        cues = vtt_cue_count(root / path)
        if track["readyState"] != 2 or track["cues"] != cues:
            problems.append(f"{name}: {role} track readyState {track['readyState']} with "
                            f"{track['cues']} cues; the file has {cues}")
    initial = {track["kind"]: track for track in seen["tracks"]}
    if "captions" in initial and initial["captions"]["initialMode"] != "showing":
        problems.append(f"{name}: captions are {initial['captions']['initialMode']}, not showing")
    return problems


def _chapter_problems(name: str, seen: Mapping[str, Any], lesson: Mapping[str, Any]) -> list[str]:
    problems = []
    clicked = seen["chapters"]
    if len(clicked) != len(lesson["chapters"]):
        problems.append(f"{name}: {len(clicked)} chapter buttons, "
                        f"{len(lesson['chapters'])} chapters")
    frame = 1.0 / lesson["fps"]
    for click, chapter in zip(clicked, lesson["chapters"]):
        if click["title"] != chapter["title"] or abs(click["start"] - chapter["start"]) > 1e-6:
            problems.append(f"{name}: chapter button {click['title']!r} at {click['start']}, "
                            f"manifest {chapter['title']!r} at {chapter['start']}")
        if abs(click["immediate"] - chapter["start"]) > 1e-6:
            problems.append(f"{name}: clicking {chapter['title']!r} set the time to "
                            f"{click['immediate']}, not {chapter['start']}")
        if not -frame <= click["after"] - chapter["start"] <= 0.5:
            problems.append(f"{name}: after seeking to {chapter['title']!r} the video is at "
                            f"{click['after']}, not {chapter['start']}")
    return problems


def outside_requests(urls: list[str], base: str) -> list[str]:
    """The URLs that left the test server (``data:``, ``blob:`` and ``about:`` stay inside)."""
    local = ("data:", "blob:", "about:")
    return [url for url in urls if not url.startswith(base) and not url.startswith(local)]


# ---------------------------------------------------------------------------------------------
# Node packages the browser tests load into pages

NODE_MODULES = Path(__file__).resolve().parent / "js" / "node_modules"
"""Where ``make setup`` installs the Node packages of tests/js/package-lock.json."""


def node_file(relative: str) -> Path:
    """A file of an installed Node package (``"axe-core/axe.min.js"``).

    Raises
    ------
    FileNotFoundError
        When it is not installed: the tests that need it fail, naming ``make setup``.
    """
    path = NODE_MODULES / relative
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: `make setup` installs tests/js (npm ci)")
    return path
