/* mscexo-ld: the search box of every page. The pages work without it: the form then opens
   search.html, which lists the browsable lists. The index (search-index.js) is loaded on the
   first keystroke, as a script so that it also loads from file://.
   Each entry of window.MSCEXO_SEARCH: [label, kind, path from the site root, more text]. */
(function () {
  "use strict";
  var MAX_SHOWN = 30;
  var loading = null;

  function loadIndex(root, done) {
    if (window.MSCEXO_SEARCH) { done(); return; }
    if (!loading) {
      loading = [];
      var script = document.createElement("script");
      script.src = root + "search-index.js";
      script.onload = function () { loading.forEach(function (f) { f(); }); };
      document.head.appendChild(script);
    }
    loading.push(done);
  }

  function search(query) {
    var q = query.trim().toLowerCase();
    if (!q) { return []; }
    var tokens = q.split(/\s+/);
    var hits = [];
    window.MSCEXO_SEARCH.forEach(function (entry, i) {
      var label = entry[0].toLowerCase();
      var haystack = label + " " + entry[3].toLowerCase();
      for (var t = 0; t < tokens.length; t++) {
        if (haystack.indexOf(tokens[t]) < 0) { return; }
      }
      var rank = label === q ? 0 : label.indexOf(q) === 0 ? 1 : entry[1] !== "finding" ? 2 : 3;
      hits.push([rank, i, entry]);
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return hits.map(function (h) { return h[2]; });
  }

  function show(list, entries, root, limit) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    entries.slice(0, limit).forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + entry[2];
      link.textContent = entry[0];
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = " " + entry[1];
      item.appendChild(link);
      item.appendChild(kind);
      list.appendChild(item);
    });
    if (entries.length > limit) {
      var more = document.createElement("li");
      more.className = "more";
      more.textContent = (entries.length - limit) + " more: press Enter for all";
      list.appendChild(more);
    }
    list.hidden = entries.length === 0;
  }

  function setUp(form) {
    var root = form.getAttribute("data-root") || "./";
    var input = form.querySelector("input[name=q]");
    var list = form.querySelector(".search-results");
    input.addEventListener("input", function () {
      loadIndex(root, function () { show(list, search(input.value), root, MAX_SHOWN); });
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { list.hidden = true; }
    });
    var page = document.getElementById("search-page-results");
    if (page) {
      var q = new URLSearchParams(window.location.search).get("q") || "";
      input.value = q;
      loadIndex(root, function () {
        var found = search(q);
        show(page, found, root, found.length);
        var count = document.getElementById("search-count");
        if (count) { count.textContent = found.length + " result" + (found.length === 1 ? "" : "s") + " for “" + q + "”"; }
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form.search"), setUp);
  });
})();
