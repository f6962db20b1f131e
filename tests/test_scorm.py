"""SCORM 1.2 packages, checked with parts nobody here wrote.

The package of a small synthetic bundle (:mod:`synthetic`) is validated against the SCORM 1.2
XSDs it carries (``xmlschema``) and every ``href`` of its ``imsmanifest.xml`` is found in the
zip. Then each SCO, unzipped, runs inside scorm-again (npm, MIT: the SCORM 1.2 API that LMSs
embed), loaded into a host page that frames the SCO's launch page: the video is played to the
end at 16x, the practice answered by typing and clicking, and the values the runtime recorded
are asserted; the host page is reloaded with what the runtime kept, and the SCO resumes.

Fails (does not skip) when Chromium, xmlschema or scorm-again is missing: ``make setup``.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
import xmlschema

from browser import Chromium, Page, node_file, serve
from derivanim.scorm import ADLCP, SCHEMAS, check_package, package_name, schema_path, write_package
from synthetic import make_bundle

XML_NAMESPACE_SCHEMA = Path(xmlschema.__file__).parent / "schemas" / "XML" / "xml.xsd"
"""The W3C schema of the ``xml:`` attributes that xmlschema carries. SCORM 1.2's own
``ims_xml.xsd`` binds the reserved ``xml`` namespace as its default namespace, which
namespace-aware XML parsers (expat, libxml2) refuse to read; validation maps it to this one,
the package still ships the original file that LMSs expect."""

HOST = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>LMS host</title>
<link rel="icon" href="data:,">
<script src="scorm12.js"></script>
<script>
  // An LMS's side of SCORM 1.2: scorm-again's API on window.API, seeded with what was kept
  // from the learner's last session (as an LMS keeps it), and keeping what the SCO commits.
  var query = new URLSearchParams(location.search);
  var sco = query.get("sco");
  var key = "lms:" + sco;
  if (query.get("fresh")) { localStorage.removeItem(key); }  // a new learner
  var kept = JSON.parse(localStorage.getItem(key) || "null");
  window.API = new Scorm12API({autocommit: false, logLevel: 4});
  if (kept) { window.API.loadFromJSON(kept.cmi); }
  window.calls = [];
  window.API.on("LMSSetValue.cmi.*", function (element, value) {
    window.calls.push([element, String(value)]);
  });
  function keep() {
    var core = window.API.cmi.core;
    localStorage.setItem(key, JSON.stringify({
      cmi: {core: {entry: "resume", lesson_status: core.lesson_status,
                   lesson_location: core.lesson_location, score: {raw: core.score.raw}},
            suspend_data: window.API.cmi.suspend_data},
      calls: window.calls}));
  }
  window.API.on("LMSCommit", keep);
  window.API.on("LMSFinish", keep);
</script>
</head>
<body>
<iframe id="sco" title="Lesson" width="960" height="800"></iframe>
<script>document.getElementById("sco").src = "../" + sco;</script>
</body>
</html>
"""


def validate(folder: Path) -> None:
    """Validate an unzipped package's ``imsmanifest.xml`` against the XSDs it carries."""
    schema = xmlschema.XMLSchema(
        str(folder / "imscp_rootv1p1p2.xsd"),
        locations={ADLCP: str(folder / "adlcp_rootv1p2.xsd")},
        uri_mapper={(folder / "ims_xml.xsd").as_uri(): XML_NAMESPACE_SCHEMA.as_uri(),
                    str(folder / "ims_xml.xsd"): str(XML_NAMESPACE_SCHEMA)})
    schema.validate(str(folder / "imsmanifest.xml"))


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], Path]:
    root = tmp_path_factory.mktemp("bundle")
    manifest = make_bundle(root)
    path = write_package(root)
    folder = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    return path, manifest, folder


def launches(folder: Path) -> dict[str, str]:
    """Each SCO's launch page, read from imsmanifest.xml, by its resource identifier."""
    text = (folder / "imsmanifest.xml").read_text(encoding="utf-8")
    return dict(re.findall(r'<resource identifier="sco-([^"]+)"[^>]*href="([^"]+)"', text))


def test_the_package_validates_and_holds_every_file_it_names(package: Any):
    path, manifest, folder = package
    assert path.name == package_name(manifest["title"]) == "synthetic-course-co.scorm12.zip"
    validate(folder)
    check_package(path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    assert names[0] == "imsmanifest.xml"
    text = (folder / "imsmanifest.xml").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', text)
    assert hrefs and all(href in names for href in hrefs)
    for name in SCHEMAS:
        assert (folder / name).read_bytes() == schema_path(name).read_bytes()
    assert launches(folder) == {lesson["id"]: f"{lesson['id']}/embed.html"
                                for lesson in manifest["lessons"]}
    for lesson in manifest["lessons"]:
        for suffix in (".mp4", ".vtt", ".chapters.vtt", ".jpg", ".transcript.html"):
            assert f"{lesson['id']}/{lesson['id']}{suffix}" in names
    assert "<adlcp:masteryscore>70</adlcp:masteryscore>" in text


def test_the_validator_refuses_a_broken_manifest(package: Any, tmp_path: Path):
    path, manifest, folder = package
    broken = tmp_path / "broken"
    shutil.copytree(folder, broken)
    text = (broken / "imsmanifest.xml").read_text(encoding="utf-8")
    (broken / "imsmanifest.xml").write_text(text.replace('scormtype="sco"', 'scormtype="lesson"'),
                                            encoding="utf-8")
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        validate(broken)


def test_the_same_bundle_gives_the_same_package(package: Any, tmp_path: Path):
    path, manifest, folder = package
    assert write_package(path.parent).read_bytes() == path.read_bytes()


@pytest.fixture(scope="module")
def lms(package: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path, manifest, folder = package
    (folder / "lms").mkdir()
    shutil.copyfile(node_file("scorm-again/dist/scorm12.min.js"), folder / "lms" / "scorm12.js")
    (folder / "lms" / "host.html").write_text(HOST, encoding="utf-8")
    with serve(folder) as server, Chromium(tmp_path_factory.mktemp("chromium")) as browser:
        yield folder, server, browser


def core(page: Page) -> dict[str, str]:
    """What the runtime holds now."""
    return page.tab.evaluate("""() => ({status: API.cmi.core.lesson_status,
        location: API.cmi.core.lesson_location, score: API.cmi.core.score.raw,
        initialized: API.isInitialized()})""")


def sco_frame(page: Page) -> Any:
    frame = page.tab.frame_locator("#sco")
    page.tab.wait_for_function(
        "() => { const f = document.getElementById('sco').contentWindow;"
        " const v = f && f.document.querySelector('video');"
        " return v && v.readyState >= 1 && window.API.isInitialized(); }", timeout=10_000)
    return frame


def play(page: Page, start: float, rate: float) -> None:
    """Play the SCO's video from ``start`` to its end at ``rate``, muted."""
    page.tab.evaluate("""async ([start, rate]) => {
        const video = document.getElementById("sco").contentDocument.querySelector("video");
        video.muted = true;
        video.currentTime = start;
        await new Promise((done) => video.addEventListener("seeked", done, {once: true}));
        video.playbackRate = rate;
        const ended = new Promise((done) => video.addEventListener("ended", done, {once: true}));
        await video.play();
        await ended;
        await new Promise((done) => setTimeout(done, 100));
    }""", [start, rate])


def answer(frame: Any, right: bool) -> int:
    """Answer every question by typing or clicking, all right or all wrong; how many."""
    questions = frame.locator(".question")
    for index in range(questions.count()):
        question = questions.nth(index)
        expected = question.get_attribute("data-answer")
        if question.get_attribute("data-kind") == "choice":
            values = question.locator("input[type=radio]").evaluate_all(
                "(inputs) => inputs.map((i) => i.value)")
            pick = expected if right else next(v for v in values if v != expected)
            question.get_by_label(pick, exact=True).check()
        else:
            question.locator("input[type=text]").fill(expected if right else "-99999")
        question.get_by_role("button", name="Check").click()
    return questions.count()


@pytest.mark.parametrize("lesson_id", ["secant", "limit"])
def test_each_sco_reports_completion_score_and_resumes_in_scorm_again(lms: Any, lesson_id: str):
    folder, server, browser = lms
    sco = launches(folder)[lesson_id]
    page = browser.new_page(width=1000, height=900)
    host = f"{server.url}lms/host.html?sco={sco}"
    page.navigate(host + "&fresh=1")
    frame = sco_frame(page)
    assert core(page) == {"status": "incomplete", "location": "", "score": "",
                          "initialized": True}

    play(page, start=2.3, rate=1)  # seeking past the lesson is not watching it
    assert core(page)["status"] == "incomplete"
    play(page, start=0, rate=16)
    assert core(page)["status"] == "completed"

    count = answer(frame, right=True)
    assert count >= 2
    assert core(page)["status"] == "passed" and core(page)["score"] == "100"
    assert frame.locator(".score").inner_text() == f"{count} of {count} right."
    sent = json.loads(page.tab.evaluate("() => API.renderCMIToJSONString()"))["cmi"]
    assert sent["core"]["score"] == {"raw": "100", "min": "0", "max": "100"}
    assert [(i["id"], i["type"], i["result"]) for i in sent["interactions"].values()] == \
        [(f"{lesson_id}-q{n}", "fill-in", "correct") for n in range(1, count + 1)]
    assert all(i["student_response"] == i["correct_responses"]["0"]["pattern"]
               for i in sent["interactions"].values())

    page.tab.evaluate("""async () => {
        const video = document.getElementById("sco").contentDocument.querySelector("video");
        video.currentTime = 1.2;
        await new Promise((done) => video.addEventListener("seeked", done, {once: true}));
        video.pause();
    }""")
    assert core(page)["location"] == "1.2"

    page.navigate(host)  # a relaunch: the SCO exits (commit, LMSFinish), the LMS kept it all
    frame = sco_frame(page)
    kept = json.loads(page.tab.evaluate("() => localStorage.getItem('lms:' + sco)"))
    calls = dict(kept["calls"])
    assert calls["cmi.core.exit"] == "suspend"
    assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?", calls["cmi.core.session_time"])
    assert calls["cmi.interactions.0.result"] == "correct"
    page.tab.wait_for_function(
        "() => document.getElementById('sco').contentDocument.querySelector('video')"
        ".currentTime > 1.1", timeout=10_000)
    resumed = page.tab.evaluate(
        "() => document.getElementById('sco').contentDocument.querySelector('video').currentTime")
    assert resumed == pytest.approx(1.2, abs=0.05)
    assert core(page)["status"] == "passed"
    assert frame.locator(".question[data-answered='right']").count() == count

    page.navigate(host + "&fresh=1")  # a new learner, who answers everything wrong
    frame = sco_frame(page)
    assert core(page)["status"] == "incomplete"
    answer(frame, right=False)
    assert core(page)["status"] == "failed" and core(page)["score"] == "0"
    assert page.console_errors() == []
    page.tab.close()


def test_the_command_line_takes_scorm_and_packages_a_bundle(package: Any, tmp_path: Path):
    from click.testing import CliRunner

    from render import _package, main

    path, manifest, folder = package
    result = CliRunner().invoke(main, ["--check", "--format", "scorm"])
    assert result.exit_code == 0, result.output
    assert _package(path.parent, ("scorm",)) == 0
    with pytest.raises(ValueError, match="names no lesson"):
        write_package(tmp_path)
    assert _package(tmp_path, ("scorm",)) == 1
