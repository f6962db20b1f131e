"""axe-core (from the npm registry) inside Chromium: the course page and every embed page pass
the WCAG 2.2 A and AA rules with zero violations, wide in the light scheme and narrow in the
dark one, before and after the learner has answered (the verdicts and the "why" lines shown).

Fails (does not skip) when Chromium or axe-core is missing: ``make setup`` installs both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from browser import Chromium, Page, node_file, serve
from synthetic import make_bundle

RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
"""The axe-core tags run: WCAG 2.0, 2.1 and 2.2 at levels A and AA."""

RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                          resultTypes: ["violations"]});
  return {rules: tags, version: axe.version, violations: result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary)}))};
}"""


def violations(page: Page) -> dict[str, Any]:
    """Run axe-core in the loaded page; its WCAG 2.2 AA violations."""
    page.tab.add_script_tag(content=node_file("axe-core/axe.min.js").read_text(encoding="utf-8"))
    return page.tab.evaluate(RUN, RULES)


def answer_some(page: Page) -> int:
    """Answer the first question right and the second wrong in every practice box."""
    boxes = page.tab.locator(".practice")
    for index in range(boxes.count()):
        questions = boxes.nth(index).locator(".question")
        for number, right in ((0, True), (1, False)):
            question = questions.nth(number)
            answer = question.get_attribute("data-answer")
            if question.get_attribute("data-kind") == "choice":
                choices = question.locator("input[type=radio]")
                values = [choices.nth(i).get_attribute("value") for i in range(choices.count())]
                pick = answer if right else next(v for v in values if v != answer)
                question.locator(f"input[value='{pick}']").check()
            else:
                question.locator("input[type=text]").fill(answer if right else "12345")
            question.locator("button.check").click()
    return boxes.count()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("bundle")
    manifest = make_bundle(root)
    with serve(root) as server, Chromium(tmp_path_factory.mktemp("chromium")) as browser:
        yield root, manifest, server, browser


def pages(manifest: dict[str, Any]) -> list[str]:
    return ["index.html", *(f"{lesson['id']}/embed.html" for lesson in manifest["lessons"])]


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (390, "dark")])
def test_every_page_has_zero_axe_violations(site: Any, width: int, scheme: str):
    root, manifest, server, browser = site
    for name in pages(manifest):
        page = browser.new_page(width=width, height=900)
        page.tab.emulate_media(color_scheme=scheme)
        page.navigate(server.url + name)
        before = violations(page)
        assert answer_some(page) >= 1, f"{name}: no practice to answer"
        after = violations(page)
        assert before["violations"] == [] and after["violations"] == [], (name, before, after)
        assert page.console_errors() == []
        page.tab.close()


def test_the_rules_that_ran_are_the_wcag_2_2_aa_set(site: Any):
    root, manifest, server, browser = site
    page = browser.new_page()
    page.navigate(server.url + "index.html")
    report = violations(page)
    assert report["version"].startswith("4.") and report["rules"] == RULES
    assert Path(root / "index.html").is_file()


def tab_to(page: Page, selector: str, presses: int = 60) -> None:
    """Press Tab until the element matching ``selector`` has the focus (as a keyboard user)."""
    for _ in range(presses):
        page.tab.keyboard.press("Tab")
        if page.tab.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_practice_works_from_the_keyboard_alone(site: Any):
    root, manifest, server, browser = site
    page = browser.new_page()
    page.navigate(server.url + "secant/embed.html")
    tab_to(page, "#secant-q1-answer")
    page.tab.keyboard.type("4.5")
    page.tab.keyboard.press("Enter")  # submits the question's form
    first = page.tab.locator(".question").nth(0)
    assert first.locator(".verdict").inner_text() == "Right: 4.5."
    assert first.locator(".why").is_visible()
    tab_to(page, "input[name='secant-q3']")
    page.tab.keyboard.press("Space")  # picks the focused choice: "steeper"
    tab_to(page, ".question:nth-child(3) button.check")
    page.tab.keyboard.press("Enter")
    third = page.tab.locator(".question").nth(2)
    assert third.locator(".verdict").inner_text() == "Right: steeper."
    assert page.tab.locator(".score").inner_text() == "2 of 3 right so far."
    tab_to(page, ".question:nth-child(1) button.see")
    page.tab.keyboard.press("Enter")  # jumps the video to the chapter that shows the answer
    start = float(first.locator("button.see").get_attribute("data-start"))
    assert page.tab.evaluate("() => document.querySelector('video').currentTime") == start


def test_the_embed_page_seeks_on_chapters_and_shows_captions_even_from_disk(site: Any):
    root, manifest, server, browser = site
    for url in (server.url + "secant/embed.html", (root / "secant" / "embed.html").as_uri()):
        page = browser.new_page()
        page.navigate(url)
        buttons = page.tab.locator(".chapters .chapter")
        assert buttons.count() == len(manifest["lessons"][0]["chapters"])
        buttons.nth(1).click()
        start = float(buttons.nth(1).get_attribute("data-start"))
        now = page.tab.evaluate("() => document.querySelector('video').currentTime")
        assert start <= now < start + 0.5  # it seeks there and plays on
        page.tab.wait_for_function(
            "() => Array.from(document.querySelector('video').textTracks).some("
            "(t) => t.kind === 'captions' && t.mode === 'showing' && t.cues && t.cues.length)",
            timeout=5000)
        page.tab.close()
