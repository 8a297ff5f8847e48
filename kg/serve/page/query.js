// The query page: send the editor's query to /query and show the answer as a table.
"use strict";

const form = document.getElementById("form");
const editor = document.getElementById("query");
const runButton = document.getElementById("run");
const statusLine = document.getElementById("status");
const results = document.getElementById("results");

function setStatus(text, isError) {
  statusLine.textContent = text;
  statusLine.className = isError ? "error" : "";
}

function cell(term) {
  if (!term) return "";
  if (term.type === "literal" && term["xml:lang"]) return term.value + " @" + term["xml:lang"];
  return term.value;
}

function showTable(doc) {
  const vars = doc.head.vars || [];
  const table = document.createElement("table");
  table.id = "result-table";
  const head = table.createTHead().insertRow();
  for (const v of vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const binding of doc.results.bindings) {
    const row = body.insertRow();
    for (const v of vars) row.insertCell().textContent = cell(binding[v]);
  }
  results.replaceChildren(table);
  return doc.results.bindings.length;
}

function showText(text) {
  const pre = document.createElement("pre");
  pre.textContent = text;
  results.replaceChildren(pre);
}

async function run() {
  const query = editor.value;
  runButton.disabled = true;
  setStatus("running...", false);
  const started = performance.now();
  try {
    const response = await fetch("query", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9",
      },
      body: new URLSearchParams({ query }),
    });
    const text = await response.text();
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (!response.ok) {
      results.replaceChildren();
      setStatus("Error " + response.status + ": " + text.trim(), true);
      return;
    }
    const type = (response.headers.get("Content-Type") || "").split(";")[0];
    if (type === "application/sparql-results+json") {
      const doc = JSON.parse(text);
      if (typeof doc.boolean === "boolean") {
        showText(String(doc.boolean));
        setStatus("ASK answered in " + seconds + " s", false);
      } else {
        const n = showTable(doc);
        setStatus(n + " row" + (n === 1 ? "" : "s") + " in " + seconds + " s", false);
      }
    } else {
      showText(text);
      setStatus("graph answer (" + type + ") in " + seconds + " s", false);
    }
  } catch (err) {
    setStatus("Error: " + err.message, true);
  } finally {
    runButton.disabled = false;
  }
}

form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
editor.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
});

// A link to the page with ?query=... opens that query and runs it.
const shared = new URLSearchParams(window.location.search).get("query");
if (shared) {
  editor.value = shared;
  run();
}
