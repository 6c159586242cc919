// raamat serve: reloads the page after a rebuild and shows build errors over
// it. Injected by the preview server only; never part of a built site.
(function () {
  "use strict";
  var buildId = null;
  var overlay = null;

  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function show(html) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "raamat-error-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-labelledby", "raamat-error-title");
    overlay.setAttribute("lang", "en");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,20,.92);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2rem";
    var box = document.createElement("div");
    box.style.cssText = "max-width:60rem;margin:0 auto";
    box.innerHTML = "<h2 id=\"raamat-error-title\" style=\"font:700 1.3rem system-ui,sans-serif;margin:0 0 1rem\">" +
      "The last change could not be built. This page shows the last good version.</h2>" +
      "<button type=\"button\" id=\"raamat-error-close\" style=\"font:inherit;padding:.3rem .8rem;margin-bottom:1rem\">Close</button>" +
      html;
    overlay.appendChild(box);
    document.body.appendChild(overlay);
    document.getElementById("raamat-error-close").addEventListener("click", hide);
    var pres = overlay.querySelectorAll("pre");
    for (var i = 0; i < pres.length; i++) { pres[i].style.cssText = "white-space:pre-wrap;background:#000;padding:.75rem"; }
  }

  var events = new EventSource("/__raamat/events");
  events.addEventListener("hello", function (e) {
    // After a server restart the build id differs: fetch the new page.
    if (buildId !== null && e.data !== buildId) { location.reload(); }
    buildId = e.data;
  });
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("errors", function (e) {
    try { show(JSON.parse(e.data).html); } catch (err) { /* a malformed message is ignored */ }
  });
})();
