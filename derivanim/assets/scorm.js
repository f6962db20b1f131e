// SCORM 1.2: when a learning platform frames this page as a SCO, report to its API.
// The API is found the standard way (window.API in this window, a parent, or the opener's
// chain). Without one the page is a plain page and nothing here runs. With one:
// - cmi.core.lesson_status: "incomplete" on the first launch, "completed" once the learner
//   has played (not skipped) the share of the video in data-watched, "passed" or "failed"
//   once every practice question is answered, from cmi.core.score.raw against the mastery
//   score (the LMS's cmi.student_data.mastery_score, or data-mastery);
// - cmi.core.lesson_location: the playback position, restored on the next launch;
// - cmi.suspend_data: the played ranges and the answers, so both survive a relaunch;
// - cmi.interactions: one per answer; and on exit session_time, exit "suspend", a commit.
(function () {
  "use strict";
  var lesson = document.querySelector("main[data-lesson]");
  var video = lesson && lesson.querySelector("video");
  if (!video) { return; }

  function findAPI(start) {
    var win = start, hops = 0;
    try {
      while (!win.API && win.parent && win.parent !== win && hops < 10) {
        hops += 1;
        win = win.parent;
      }
      return win.API || null;
    } catch (error) {  // a frame of another origin: no API that way
      return null;
    }
  }
  var api = findAPI(window);
  if (!api && window.opener) { api = findAPI(window.opener); }
  if (!api || String(api.LMSInitialize("")) !== "true") { return; }

  var started = Date.now(), finished = false;
  var note = lesson.querySelector(".lms-status");
  function get(name) { return String(api.LMSGetValue(name) || ""); }
  function set(name, value) { return String(api.LMSSetValue(name, String(value))) === "true"; }
  function commit() { api.LMSCommit(""); }
  function say(text) { if (note) { note.textContent = text; } }

  var status = get("cmi.core.lesson_status");
  if (status === "" || status === "not attempted") {
    set("cmi.core.lesson_status", "incomplete");
    status = "incomplete";
  }
  var mastery = parseFloat(get("cmi.student_data.mastery_score"));
  if (!isFinite(mastery)) { mastery = parseFloat(lesson.getAttribute("data-mastery")) || 70; }
  var needed = parseFloat(lesson.getAttribute("data-watched")) || 0.9;
  var saved = {};
  try { saved = JSON.parse(get("cmi.suspend_data") || "{}") || {}; } catch (error) { saved = {}; }
  var stored = Array.isArray(saved.w) ? saved.w : [];
  var answers = saved.a && typeof saved.a === "object" ? saved.a : {};
  say("Your progress is saved to your course.");

  function merged() {
    // The ranges played in earlier sessions and in this one, joined where they touch.
    var all = stored.slice();
    for (var i = 0; i < video.played.length; i += 1) {
      all.push([video.played.start(i), video.played.end(i)]);
    }
    all.sort(function (a, b) { return a[0] - b[0]; });
    var out = [];
    all.forEach(function (range) {
      var last = out[out.length - 1];
      if (last && range[0] <= last[1] + 0.25) { last[1] = Math.max(last[1], range[1]); }
      else { out.push([range[0], range[1]]); }
    });
    return out;
  }
  function watched() {
    var length = video.duration;
    if (!isFinite(length) || length <= 0) { return 0; }
    return merged().reduce(function (sum, r) { return sum + (r[1] - r[0]); }, 0) / length;
  }
  function remember() {
    var ranges = merged().slice(0, 40).map(function (r) {
      return [Math.round(r[0] * 10) / 10, Math.round(r[1] * 10) / 10];
    });
    set("cmi.suspend_data", JSON.stringify({w: ranges, a: answers}));
    set("cmi.core.lesson_location", (Math.round(video.currentTime * 10) / 10).toFixed(1));
  }
  function progress() {
    if (status === "incomplete" && watched() >= needed) {
      set("cmi.core.lesson_status", "completed");
      status = "completed";
      remember();
      commit();
      say("Watched: the lesson is complete.");
    }
  }

  var resume = parseFloat(get("cmi.core.lesson_location"));
  if (resume > 0) {
    var seek = function () {
      if (resume < video.duration - 0.5) { video.currentTime = resume; }
    };
    if (video.readyState >= 1) { seek(); } else { video.addEventListener("loadedmetadata", seek); }
  }
  if (Object.keys(answers).length) {
    lesson.dispatchEvent(new CustomEvent("derivanim:restore", {detail: {answers: answers}}));
  }

  var lastSaved = 0;
  video.addEventListener("timeupdate", function () {
    if (Math.abs(video.currentTime - lastSaved) >= 1) {
      lastSaved = video.currentTime;
      set("cmi.core.lesson_location", (Math.round(lastSaved * 10) / 10).toFixed(1));
    }
    progress();
  });
  video.addEventListener("ended", progress);
  video.addEventListener("pause", function () { remember(); commit(); });
  video.addEventListener("seeked", function () {
    set("cmi.core.lesson_location", (Math.round(video.currentTime * 10) / 10).toFixed(1));
  });

  lesson.addEventListener("derivanim:answer", function (event) {
    var answer = event.detail;
    answers[answer.index] = answer.given;
    var n = get("cmi.interactions._count") || "0";
    set("cmi.interactions." + n + ".id", lesson.getAttribute("data-lesson") + "-q" +
        (answer.index + 1));
    set("cmi.interactions." + n + ".type", "fill-in");
    set("cmi.interactions." + n + ".student_response", answer.given.slice(0, 255));
    set("cmi.interactions." + n + ".correct_responses.0.pattern", answer.expected);
    set("cmi.interactions." + n + ".result", answer.right ? "correct" : "wrong");
    if (answer.answered === answer.total) {
      var score = Math.round(100 * answer.correct / answer.total);
      set("cmi.core.score.min", 0);
      set("cmi.core.score.max", 100);
      set("cmi.core.score.raw", score);
      status = score >= mastery ? "passed" : "failed";
      set("cmi.core.lesson_status", status);
      say("Practice score " + score + " of 100: " + status + ".");
    }
    remember();
    commit();
  });

  function spent() {
    var total = Math.max(0, (Date.now() - started) / 1000);
    var hours = Math.floor(total / 3600), minutes = Math.floor(total / 60) % 60;
    var rest = (total % 60).toFixed(2);
    var two = function (v) { return (v < 10 ? "0" : "") + v; };
    return two(hours) + ":" + two(minutes) + ":" + (parseFloat(rest) < 10 ? "0" : "") + rest;
  }
  function finish() {
    if (finished) { return; }
    finished = true;
    remember();
    set("cmi.core.session_time", spent());
    set("cmi.core.exit", "suspend");
    commit();
    api.LMSFinish("");
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
})();
