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
