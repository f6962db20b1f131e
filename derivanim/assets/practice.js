// Practice questions: check an answer in the page, say why, and keep the score.
// Each lesson's questions live in its element with data-lesson; an answered question is
// locked. Every answer is announced to the rest of the page as a "derivanim:answer" event on
// that element (the SCORM script listens), and a "derivanim:restore" event replays answers
// an earlier session gave.
(function () {
  "use strict";
  function number(text) {
    // The rule of derivanim.practice.read_number: a decimal or a/b, either minus sign.
    var cleaned = String(text).trim().replace(/\u2212/g, "-").replace(/ /g, "");
    var pattern = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
    var parts = cleaned.split("/");
    if (parts.length > 2 || !parts.every(function (p) { return pattern.test(p); })) { return null; }
    if (parts.length === 1) { return parseFloat(parts[0]); }
    var bottom = parseFloat(parts[1]);
    return bottom ? parseFloat(parts[0]) / bottom : null;
  }
  function given(item) {
    if (item.getAttribute("data-kind") === "choice") {
      var picked = item.querySelector("input[type=radio]:checked");
      return picked ? picked.value : "";
    }
    return item.querySelector("input[type=text]").value;
  }
  function accepts(item, text) {
    var answer = item.getAttribute("data-answer");
    if (item.getAttribute("data-kind") === "choice") { return text === answer; }
    var value = number(text);
    var tolerance = parseFloat(item.getAttribute("data-tolerance")) || 0;
    return value !== null && Math.abs(value - parseFloat(answer)) <= tolerance + 1e-12;
  }
  function lock(item, text, right) {
    item.setAttribute("data-answered", right ? "right" : "wrong");
    item.querySelectorAll("input").forEach(function (input) {
      if (input.type === "radio") {
        input.checked = input.value === text;
        input.disabled = true;  // radios cannot be read-only
      } else {
        input.value = text;
        input.readOnly = true;
      }
    });
    var check = item.querySelector("button.check");
    check.disabled = true;
    check.textContent = "Checked";
    item.querySelector(".verdict").textContent = right
      ? "Right: " + item.getAttribute("data-shown") + "."
      : "Not quite: the answer is " + item.getAttribute("data-shown") + ".";
    item.querySelector(".why").hidden = false;
    var see = item.querySelector("button.see");
    if (see) { see.hidden = false; }
  }
  function tally(box) {
    var items = Array.prototype.slice.call(box.querySelectorAll(".question"));
    var done = items.filter(function (i) { return i.hasAttribute("data-answered"); });
    var right = done.filter(function (i) { return i.getAttribute("data-answered") === "right"; });
    var score = box.querySelector(".score");
    if (score && done.length) {
      score.textContent = right.length + " of " + items.length + " right" +
        (done.length < items.length ? " so far" : "") + ".";
    }
    return {answered: done.length, right: right.length, total: items.length};
  }
  document.querySelectorAll("[data-lesson]").forEach(function (lesson) {
    var box = lesson.querySelector(".practice");
    if (!box) { return; }
    var items = Array.prototype.slice.call(box.querySelectorAll(".question"));
    var video = lesson.querySelector("video");
    items.forEach(function (item, index) {
      var form = item.querySelector("form");
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (item.hasAttribute("data-answered")) { return; }
        var text = given(item).trim();
        if (!text) {
          item.querySelector(".verdict").textContent = "Answer first, then check.";
          return;
        }
        var right = accepts(item, text);
        lock(item, text, right);
        var counts = tally(box);
        lesson.dispatchEvent(new CustomEvent("derivanim:answer", {detail: {
          index: index, given: text, right: right, expected: item.getAttribute("data-answer"),
          answered: counts.answered,
          correct: counts.right, total: counts.total}}));
      });
      var see = item.querySelector("button.see");
      if (see && video) {
        see.addEventListener("click", function () {
          video.currentTime = parseFloat(see.getAttribute("data-start")) || 0;
          video.focus();
        });
      }
    });
    lesson.addEventListener("derivanim:restore", function (event) {
      var answers = (event.detail && event.detail.answers) || {};
      items.forEach(function (item, index) {
        var text = answers[index];
        if (typeof text === "string" && !item.hasAttribute("data-answered")) {
          lock(item, text, accepts(item, text));
        }
      });
      tally(box);
    });
  });
  document.querySelectorAll("button.copy").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.getAttribute("data-target"));
      if (!field) { return; }
      field.focus();
      field.select();
      var done = function () { button.textContent = "Copied"; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(field.value).then(done, function () {});
      } else if (document.execCommand && document.execCommand("copy")) {
        done();
      }
    });
  });
})();
