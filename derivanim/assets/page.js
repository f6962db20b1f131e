
(function () {
  "use strict";
  var backup = JSON.parse(document.getElementById("course-data").textContent);
  function rebuild(element, video, cues) {
    // A browser refused the track file (as Chromium does for pages opened from disk):
    // make the same track from the copy in this page.
    var kind = element.kind, label = element.label, language = element.srclang;
    var wasShowing = element.track.mode === "showing" || element.default;
    element.remove();
    if (!cues || !cues.length || typeof VTTCue === "undefined") { return; }
    var track = video.addTextTrack(kind, label, language);
    cues.forEach(function (cue) { track.addCue(new VTTCue(cue[0], cue[1], cue[2])); });
    track.mode = kind === "captions" && wasShowing ? "showing" : "hidden";
  }
  document.querySelectorAll("[data-lesson]").forEach(function (section) {
    var video = section.querySelector("video");
    if (!video) { return; }
    var copy = backup[section.getAttribute("data-lesson")] || {};
    section.querySelectorAll("video > track").forEach(function (element) {
      var cues = copy[element.kind];
      if (element.readyState === 3) { rebuild(element, video, cues); return; }
      element.addEventListener("error", function () { rebuild(element, video, cues); });
    });
    var buttons = Array.prototype.slice.call(section.querySelectorAll(".chapters .chapter"));
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        video.currentTime = parseFloat(button.getAttribute("data-start")) || 0;
        var playing = video.play();
        if (playing && playing.catch) { playing.catch(function () {}); }
      });
    });
    video.addEventListener("timeupdate", function () {
      var now = video.currentTime;
      buttons.forEach(function (button) {
        var inside = now >= parseFloat(button.getAttribute("data-start")) &&
                     now < parseFloat(button.getAttribute("data-end"));
        if (inside) { button.setAttribute("aria-current", "true"); }
        else { button.removeAttribute("aria-current"); }
      });
    });
  });
})();
