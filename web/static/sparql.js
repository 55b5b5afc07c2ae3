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
      autofocus: false,
      populateFromUrl: false,
      yasqe: { value: el.dataset.defaultQuery, resizeable: true, editorHeight: "320px", autofocus: false },
      yasr: { prefixes: {} }
    });
    var tab = yasgui.getTab();
    if (tab && !tab.getQuery().trim().length) { tab.setQuery(el.dataset.defaultQuery); }
    window.councilgraphYasgui = yasgui;
    accessible(el, tab);
    yasgui.on("tabSelect", function (instance, id) { setTimeout(function () { accessible(el, yasgui.getTab(id)); }, 0); });
    yasgui.on("tabAdd", function (instance, id) { setTimeout(function () { accessible(el, yasgui.getTab(id)); }, 0); });
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
  // Keyboard and screen-reader use of the vendored editor: Tab moves to the next control instead
  // of indenting (no keyboard trap; Ctrl-] indents), the editor does not take the focus when the
  // page opens, and every control has a name.
  function accessible(el, tab) {
    var yasqe = tab && tab.getYasqe ? tab.getYasqe() : null;
    if (yasqe && !yasqe.councilgraphAccessible) {
      yasqe.addKeyMap({ Tab: false, "Shift-Tab": false });
      yasqe.getInputField().setAttribute("aria-label", "SPARQL query (Tab leaves the editor, Ctrl+Enter runs it)");
      yasqe.councilgraphAccessible = true;
    }
    el.querySelectorAll("input, select, textarea").forEach(function (field) {
      if (field.getAttribute("aria-label") || field.labels && field.labels.length) { return; }
      var name = "";
      if (field.classList.contains("autocomplete")) { name = "SPARQL endpoint"; }
      else if (field.tagName === "SELECT" && field.previousElementSibling) {
        name = "Result format for " + field.previousElementSibling.textContent.trim() + " queries";
      } else if (field.closest(".tab")) { name = "Tab name"; }
      if (name) { field.setAttribute("aria-label", name); }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
