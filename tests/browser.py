"""Drive Debian's headless Chromium against a course bundle served on 127.0.0.1.

Reusable by any test that has a bundle folder (``index.html``, ``manifest.json`` and the lesson
files)::

    with serve(root) as server, Chromium(tmp_path / "profile") as browser:
        page = browser.new_page()
        page.navigate(server.url + "index.html")
        report = inspect_course_page(page, manifest)
        assert course_page_problems(report, manifest, root) == []
        assert outside_requests(page.requested_urls(), server.url) == []

The browser is spoken to over the DevTools protocol through a pair of pipes
(``--remote-debugging-pipe``: commands go in on file descriptor 3, replies and events come
out on descriptor 4, each message a JSON text ended by a NUL byte), so nothing listens on a
port and no driver or extra library is needed. The browser runs in its own process group,
which :meth:`Chromium.close` always kills.

The test server answers HTTP byte-range requests (``Range: bytes=a-b``), as every real web
server does: Chromium streams media with them and treats a server without them as one it
cannot seek in.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

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
    "--remote-debugging-pipe",
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
# Chromium over the DevTools protocol


class Chromium:
    """A headless Chromium driven over ``--remote-debugging-pipe``; use it as a context manager.

    Parameters
    ----------
    profile : Path
        An empty folder for the browser's profile (``--user-data-dir``).
    executable : Path
        The browser; :data:`CHROMIUM` by default.
    flags : tuple of str
        Extra command-line flags.
    """

    def __init__(self, profile: Path, executable: Path = CHROMIUM,
                 flags: tuple[str, ...] = ()) -> None:
        if not Path(executable).exists():
            raise BrowserError(f"{executable} is missing: run `make setup` (it installs chromium)")
        profile.mkdir(parents=True, exist_ok=True)
        self.stderr_path = profile.parent / f"{profile.name}-stderr.txt"
        self._next_id = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self._events: list[dict[str, Any]] = []
        self._changed = threading.Condition()
        self._closed = False
        self._send_lock = threading.Lock()
        commands_in, self._commands = os.pipe()
        self._replies_out, replies_in = os.pipe()
        # The browser expects the pipe on descriptors 3 and 4; a tiny bash script moves them
        # there (dash allows only one-digit descriptors). Lifting both ends above 9 first means
        # neither can already be 3 or 4 and be overwritten by the other.
        commands_in, replies_in = _above_nine(commands_in), _above_nine(replies_in)
        shell = (f'exec 3<&{commands_in} 4>&{replies_in} {commands_in}<&- {replies_in}>&-; '
                 'exec "$0" "$@"')
        arguments = [str(executable), *FLAGS, f"--user-data-dir={profile}", *flags,
                     "about:blank"]
        with open(self.stderr_path, "wb") as stderr:
            self.process = subprocess.Popen(
                ["/bin/bash", "-c", shell, *arguments], pass_fds=(commands_in, replies_in),
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
                start_new_session=True,
            )
        os.close(commands_in)
        os.close(replies_in)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        try:
            self.version = self.send("Browser.getVersion", timeout=20)
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._replies_out, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            with self._changed:
                for raw in messages:
                    try:
                        message = json.loads(raw)
                    except ValueError:
                        continue
                    if "id" in message:
                        self._replies[message["id"]] = message
                    else:
                        self._events.append(message)
                self._changed.notify_all()
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def send(self, method: str, params: Mapping[str, Any] | None = None,
             session: str | None = None, timeout: float = 10.0) -> dict[str, Any]:
        """Send one protocol command and return its result.

        Raises
        ------
        BrowserError
            When the browser answers with an error, exits, or does not answer in time.
        """
        with self._send_lock:
            self._next_id += 1
            number = self._next_id
            message: dict[str, Any] = {"id": number, "method": method, "params": dict(params or {})}
            if session is not None:
                message["sessionId"] = session
            data = json.dumps(message).encode() + b"\0"
            try:
                while data:
                    data = data[os.write(self._commands, data):]
            except OSError as error:
                raise BrowserError(
                    f"{method}: the browser is gone ({error}){self._tail()}") from None
        deadline = time.monotonic() + timeout
        with self._changed:
            while number not in self._replies:
                left = deadline - time.monotonic()
                if self._closed:
                    raise BrowserError(f"{method}: the browser exited{self._tail()}")
                if left <= 0:
                    raise BrowserError(f"{method}: no answer within {timeout} s{self._tail()}")
                self._changed.wait(left)
            reply = self._replies.pop(number)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    def events(self, method: str, session: str | None = None) -> list[dict[str, Any]]:
        """The parameters of every event of this kind received so far (for one page, if given)."""
        with self._changed:
            return [event.get("params", {}) for event in self._events
                    if event.get("method") == method
                    and (session is None or event.get("sessionId") == session)]

    def wait_event(self, method: str, session: str | None = None, after: int = 0,
                   timeout: float = 10.0) -> dict[str, Any]:
        """Wait for the event number ``after`` + 1 of this kind (counting from the first)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [event for event in self._events if event.get("method") == method
                         and (session is None or event.get("sessionId") == session)]
                if len(found) > after:
                    params: dict[str, Any] = found[after].get("params", {})
                    return params
                left = deadline - time.monotonic()
                if self._closed or left <= 0:
                    raise BrowserError(f"no {method} event within {timeout} s{self._tail()}")
                self._changed.wait(left)

    def new_page(self) -> Page:
        """Open a new tab with network events recorded; return it."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})
        page = Page(self, session["sessionId"])
        page.send("Page.enable")
        page.send("Network.enable")
        page.send("Runtime.enable")
        return page

    def close(self) -> None:
        """Ask the browser to quit, then kill its whole process group whatever happened."""
        try:
            if self.process.poll() is None and not self._closed:
                self.send("Browser.close", timeout=3)
        except BrowserError:
            pass
        try:
            self.process.wait(timeout=3)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # the group this browser leads
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()
        for descriptor in (self._commands, self._replies_out):
            try:
                os.close(descriptor)
            except OSError:
                pass
        self._reader.join(timeout=2)

    def _tail(self) -> str:
        try:
            lines = self.stderr_path.read_text(errors="replace").splitlines()
        except OSError:
            return ""
        useful = [line for line in lines if "dbus" not in line.lower()][-8:]
        return ("\n--- chromium stderr (last lines) ---\n" + "\n".join(useful)) if useful else ""


def _above_nine(descriptor: int) -> int:
    """A copy of ``descriptor`` numbered 10 or more (close-on-exec); the original is closed."""
    copy = fcntl.fcntl(descriptor, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(descriptor)
    return copy


@dataclass
class Page:
    """One tab of a :class:`Chromium`."""

    browser: Chromium
    session: str

    def send(self, method: str, params: Mapping[str, Any] | None = None,
             timeout: float = 10.0) -> dict[str, Any]:
        """Send a command to this tab."""
        return self.browser.send(method, params, session=self.session, timeout=timeout)

    def navigate(self, url: str, timeout: float = 15.0) -> None:
        """Load ``url`` and wait for its load event."""
        before = len(self.browser.events("Page.loadEventFired", self.session))
        result = self.send("Page.navigate", {"url": url}, timeout=timeout)
        if result.get("errorText"):
            raise BrowserError(f"cannot open {url}: {result['errorText']}")
        self.browser.wait_event("Page.loadEventFired", self.session, after=before, timeout=timeout)

    def evaluate(self, expression: str, timeout: float = 10.0) -> Any:
        """Run JavaScript (awaiting a promise result) as if the user had acted; return its value.

        Raises
        ------
        BrowserError
            With the script's exception text when it throws.
        """
        result = self.send("Runtime.evaluate", {
            "expression": expression, "awaitPromise": True, "returnByValue": True,
            "userGesture": True, "timeout": int(timeout * 1000),
        }, timeout=timeout + 5)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"script failed: {text}")
        return result.get("result", {}).get("value")

    def requested_urls(self) -> list[str]:
        """Every URL this tab asked for (documents, media, tracks, images...), in order."""
        return [event["request"]["url"]
                for event in self.browser.events("Network.requestWillBeSent", self.session)]

    def console_errors(self) -> list[str]:
        """Console errors and uncaught exceptions reported by the page so far."""
        messages = [
            " ".join(str(arg.get("value", arg.get("description", ""))) for arg in event["args"])
            for event in self.browser.events("Runtime.consoleAPICalled", self.session)
            if event.get("type") == "error"
        ]
        messages += [
            event["exceptionDetails"].get("exception", {}).get("description", "exception")
            for event in self.browser.events("Runtime.exceptionThrown", self.session)
        ]
        return messages


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
