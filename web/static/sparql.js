// The SPARQL page: YASGUI (vendored) against this server's endpoint, and the example list.
(function () {
  "use strict";
  function start() {
    var el = document.getElementById("yasgui");
    if (!el || typeof Yasgui === "undefined") { return; }
    var yasgui = new Yasgui(el, {
      requestConfig: { endpoint: el.dataset.endpoint, method: "POST",
                       acceptHeaderSelect: "application/sparql-results+json,*/*;q=0.9",
                       acceptHeaderGraph: "text/turtle,*/*;q=0.9" },
      copyEndpointOnNewTab: false,
      endpointCatalogueOptions: { getData: function () { return []; } },
      persistenceId: null,
      populateFromUrl: false,
      yasqe: { value: el.dataset.defaultQuery, resizeable: true, editorHeight: "320px" },
      yasr: { prefixes: {} }
    });
    var tab = yasgui.getTab();
    if (tab && !tab.getQuery().trim().length) { tab.setQuery(el.dataset.defaultQuery); }
    window.councilgraphYasgui = yasgui;
    // IRIs of this dataset open here (their path on this server), wherever the base IRI points.
    var base = el.dataset.baseIri, path = el.dataset.basePath;
    el.addEventListener("click", function (event) {
      var a = event.target.closest ? event.target.closest("a[href]") : null;
      if (!a || !base || a.getAttribute("href").indexOf(base) !== 0) { return; }
      event.preventDefault();
      window.location.href = path + a.getAttribute("href").slice(base.length);
    });
    document.querySelectorAll("button.example").forEach(function (button) {
      button.addEventListener("click", function () {
        var current = yasgui.getTab();
        current.setQuery(button.dataset.query);
        current.query();
        document.querySelectorAll("button.example.active").forEach(function (b) { b.classList.remove("active"); });
        button.classList.add("active");
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
