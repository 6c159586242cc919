// raamat serve: brings the page up to date after a rebuild and shows build
// errors over it. Injected by the preview server only; never part of a built
// site. A page whose text or styles alone changed takes the new version in
// place: only the parts that differ are replaced, so scroll position, focus
// and open menus stay; anything else reloads the page.
(function () {
  "use strict";
  // The build this page is from, as the server gave it.
  var me = document.currentScript;
  var buildId = me ? me.getAttribute("data-build") : null;
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

  var SELF = "/__raamat/livereload.js";

  // The nodes that belong to the page, not to this script or its overlay.
  function nodes(parent) {
    var list = [];
    for (var n = parent.firstChild; n; n = n.nextSibling) {
      if (n === overlay || (n.nodeName === "SCRIPT" && n.getAttribute("src") === SELF)) { continue; }
      list.push(n);
    }
    return list;
  }

  function hasScript(n) {
    return n.nodeType === 1 && (n.nodeName === "SCRIPT" || n.querySelector("script") !== null);
  }

  function sameTag(a, b) {
    if (a.nodeType !== 1 || b.nodeType !== 1 || a.nodeName !== b.nodeName || a.nodeName === "SCRIPT") { return false; }
    if (a.attributes.length !== b.attributes.length) { return false; }
    for (var i = 0; i < a.attributes.length; i++) {
      if (b.getAttribute(a.attributes[i].name) !== a.attributes[i].value) { return false; }
    }
    return true;
  }

  // Makes `old`'s children equal to `fresh`'s, keeping every node that is
  // already equal. False if that would add or remove a script: then only a
  // reload gives the page what it needs.
  function morph(old, fresh) {
    var a = nodes(old), b = nodes(fresh), i;
    if (a.length !== b.length) {
      if (a.some(hasScript) || b.some(hasScript)) { return false; }
      var anchor = a.length ? a[a.length - 1].nextSibling : old.firstChild;
      for (i = 0; i < a.length; i++) { old.removeChild(a[i]); }
      for (i = 0; i < b.length; i++) { old.insertBefore(document.importNode(b[i], true), anchor); }
      return true;
    }
    for (i = 0; i < a.length; i++) {
      if (a[i].isEqualNode(b[i])) { continue; }
      if (a[i].nodeType === 3 && b[i].nodeType === 3) { a[i].data = b[i].data; continue; }
      if (sameTag(a[i], b[i])) {
        if (!morph(a[i], b[i])) { return false; }
        continue;
      }
      if (hasScript(a[i]) || hasScript(b[i])) { return false; }
      old.replaceChild(document.importNode(b[i], true), a[i]);
    }
    return true;
  }

  // The stylesheets and scripts `head` loads, by address. Theme files are
  // named with the theme's version, so an edit of one changes its address.
  function loads(head, selector, attribute) {
    var list = [], els = head.querySelectorAll(selector);
    for (var i = 0; i < els.length; i++) {
      if (els[i].getAttribute(attribute) !== SELF) { list.push(els[i]); }
    }
    return list;
  }

  // Brings `old`'s stylesheets up to `fresh`'s. False if its scripts changed
  // (only a reload runs the new ones) or stylesheets came or went.
  function sameHead(old, fresh) {
    var scripts = function (head) {
      return loads(head, "script[src]", "src").map(function (e) { return e.getAttribute("src"); }).join("\n");
    };
    if (scripts(old) !== scripts(fresh)) { return false; }
    var sheets = loads(old, "link[rel=stylesheet]", "href"), now = loads(fresh, "link[rel=stylesheet]", "href");
    if (sheets.length !== now.length) { return false; }
    for (var i = 0; i < sheets.length; i++) {
      var href = now[i].getAttribute("href");
      if (sheets[i].getAttribute("href") !== href) { sheets[i].setAttribute("href", href); }
    }
    return true;
  }

  // Only the newest request's answer is applied.
  var latest = 0;
  function updateInPlace() {
    var mine = ++latest;
    fetch(location.href, { cache: "no-store" })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.text(); })
      .then(function (html) {
        if (mine !== latest) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        if (!sameHead(document.head, fresh.head) || !morph(document.body, fresh.body)) { location.reload(); return; }
        if (document.title !== fresh.title) { document.title = fresh.title; }
      })
      .catch(function () { location.reload(); });
  }

  function here() {
    var path = location.pathname;
    try { path = decodeURI(path); } catch (err) { /* kept as it is */ }
    return path.replace(/index\.html$/, "");
  }

  var events = new EventSource("/__raamat/events");
  events.addEventListener("hello", function (e) {
    // A build came out between serving this page and opening the stream
    // (its update was never heard), or the server restarted: fetch the
    // page again.
    if (buildId !== null && e.data !== buildId) { location.reload(); }
    buildId = e.data;
  });
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("update", function (e) {
    var message;
    try { message = JSON.parse(e.data); } catch (err) { return; }
    buildId = message.id;
    hide();
    // pages: the paths written, or null for every page.
    if (message.pages && message.pages.indexOf(here()) < 0) { return; }
    if (message.in_place) { updateInPlace(); } else { location.reload(); }
  });
  events.addEventListener("errors", function (e) {
    try { show(JSON.parse(e.data).html); } catch (err) { /* a malformed message is ignored */ }
  });
})();
