// The ijkg query page: pick a saved question or write SPARQL, run it, see a table.
// Every value from the server is put in the page with textContent, never innerHTML.
"use strict";

const state = { saved: [], current: null };
const $ = (id) => document.getElementById(id);

function setStatus(text, warn = false) {
  $("status").textContent = text;
  $("status").className = warn ? "status warn" : "status";
}

function showError(text) {
  $("error").textContent = text;
  $("error").hidden = !text;
}

function clearResults() {
  $("results").replaceChildren();
}

async function loadSaved() {
  const response = await fetch("/saved");
  if (!response.ok) {
    showError("Could not load the saved questions: " + (await response.text()));
    return;
  }
  state.saved = await response.json();
  for (const query of state.saved) {
    const option = document.createElement("option");
    option.value = query.name;
    option.textContent = query.title || query.name;
    $("saved").append(option);
  }
}

function paramInput(param) {
  const label = document.createElement("label");
  const caption = document.createElement("span");
  caption.textContent = `${param.name} (${param.type}${param.optional ? ", optional" : ""})`;
  const input = document.createElement("input");
  input.name = param.name;
  input.dataset.param = param.name;
  input.placeholder = param.optional ? "optional" : "required";
  const help = document.createElement("small");
  help.textContent = param.description;
  label.append(caption, input, help);
  return label;
}

function pickSaved() {
  const name = $("saved").value;
  state.current = state.saved.find((q) => q.name === name) || null;
  $("params").replaceChildren();
  $("question").textContent = state.current ? state.current.question : "";
  if (!state.current) return;
  $("editor").value = state.current.sparql;
  for (const param of state.current.params) $("params").append(paramInput(param));
}

// A saved question whose text is unchanged runs through /saved/NAME, so its
// parameters are bound as typed terms by the server; anything else is plain SPARQL.
function buildRequest() {
  const query = $("editor").value;
  if (state.current && query === state.current.sparql) {
    const params = new URLSearchParams();
    for (const input of $("params").querySelectorAll("input[data-param]")) {
      if (input.value.trim() !== "") params.set(input.dataset.param, input.value.trim());
    }
    return fetch(`/saved/${encodeURIComponent(state.current.name)}?${params}`, {
      headers: { Accept: "application/sparql-results+json" },
    });
  }
  return fetch("/sparql", {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Accept: "application/sparql-results+json, text/turtle;q=0.9",
    },
    body: new URLSearchParams({ query }),
  });
}

function cellText(term) {
  if (!term) return "";
  if (term.type === "triple") {
    const v = term.value;
    return `<< ${cellText(v.subject)} ${cellText(v.predicate)} ${cellText(v.object)} >>`;
  }
  return term.value;
}

function isNumber(term) {
  return term && term.datatype && /#(integer|decimal|double|float|int|long)$/.test(term.datatype);
}

function renderTable(columns, rows) {
  const head = document.createElement("tr");
  for (const column of columns) {
    const th = document.createElement("th");
    th.textContent = column;
    head.append(th);
  }
  const body = rows.map((row) => {
    const tr = document.createElement("tr");
    for (const column of columns) {
      const td = document.createElement("td");
      td.textContent = cellText(row[column]);
      if (isNumber(row[column])) td.className = "num";
      tr.append(td);
    }
    return tr;
  });
  const thead = document.createElement("thead");
  thead.append(head);
  const tbody = document.createElement("tbody");
  tbody.append(...body);
  $("results").replaceChildren(thead, tbody);
}

function renderText(text) {
  const tr = document.createElement("tr");
  const td = document.createElement("td");
  td.textContent = text;
  tr.append(td);
  $("results").replaceChildren(tr);
}

async function run() {
  $("run").disabled = true;
  showError("");
  clearResults();
  setStatus("Running…");
  const started = performance.now();
  try {
    const response = await buildRequest();
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (!response.ok) {
      setStatus(`Error ${response.status} after ${seconds} s`);
      showError(await response.text());
      return;
    }
    const truncated = response.headers.get("X-IJKG-Truncated");
    const type = response.headers.get("Content-Type") || "";
    if (type.includes("json")) {
      const data = await response.json();
      if ("boolean" in data) {
        renderText(String(data.boolean));
        setStatus(`ASK answered in ${seconds} s`);
        return;
      }
      renderTable(data.head.vars, data.results.bindings);
      const count = data.results.bindings.length;
      const rowsText = count === 1 ? "1 row" : `${count} rows`;
      setStatus(
        truncated
          ? `${rowsText} shown in ${seconds} s — cut off at the server's limit of ${truncated} rows`
          : `${rowsText} in ${seconds} s`,
        Boolean(truncated),
      );
    } else {
      renderText(await response.text());
      setStatus(`Graph result in ${seconds} s` + (truncated ? ` — cut off at ${truncated} triples` : ""), Boolean(truncated));
    }
  } catch (error) {
    setStatus("");
    showError("The server could not be reached: " + error.message);
  } finally {
    $("run").disabled = false;
  }
}

$("saved").addEventListener("change", pickSaved);
$("run").addEventListener("click", run);
$("editor").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    run();
  }
});
loadSaved();
