// NewsBite: small enhancements; every page works without this file.
// Times shown as "2026-11-25 09:30 UTC" also say how long ago they were, in the reader's terms.
(function () {
  "use strict";
  function ago(ms) {
    var m = Math.round(ms / 60000);
    if (m < 1) return "just now";
    if (m < 60) return m + " min ago";
    var h = Math.round(m / 60);
    if (h < 48) return h + " h ago";
    return Math.round(h / 24) + " days ago";
  }
  function run() {
    var now = Date.now();
    document.querySelectorAll("time.rel[datetime]").forEach(function (el) {
      var t = Date.parse(el.getAttribute("datetime"));
      if (!isNaN(t) && t <= now) {
        el.title = el.textContent;
        el.textContent = ago(now - t);
      }
    });
  }
  // OPML import: a file picker that fills the text box (without this file, paste the OPML).
  function opmlPicker() {
    var input = document.getElementById("opml-file");
    var box = document.querySelector("form.import textarea");
    if (!input || !box || !window.FileReader) return;
    input.hidden = false;
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () { box.value = String(reader.result); };
      reader.readAsText(file);
    });
  }
  document.addEventListener("DOMContentLoaded", opmlPicker);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
