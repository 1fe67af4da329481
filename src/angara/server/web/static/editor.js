// The scenario editor: send changed cells and switches as a new version; start a run.
import { request, say } from "./common.js";
import { follow } from "./progress.js";

const editor = document.querySelector("[data-testid=editor]");
const status = document.getElementById("save-status");
const problems = document.getElementById("problems");

const lang = document.documentElement.lang || "en";
// a number as the page's locale writes it, or as a plain number: "1 299,5" (ru), "1,299.5" (en), "12.5"
const SPACES = /[\s\u00a0\u202f']/g;

/** The number typed in an input, or null when the text is not one. */
export function readNumber(typed) {
  let text = typed.trim().replace(SPACES, "").replace(/\u2212/g, "-");
  if (text === "") return null;
  const comma = text.lastIndexOf(",");
  const point = text.lastIndexOf(".");
  if (comma >= 0 && point >= 0) {
    // both: the last one is the decimal separator, the other groups thousands
    text = comma > point ? text.replace(/\./g, "").replace(",", ".") : text.replace(/,/g, "");
  } else if (comma >= 0) {
    // only commas: thousands in English when they group by three ("1,299"), else a decimal comma
    const grouping = lang !== "ru" && /^[-+]?\d{1,3}(,\d{3})+$/.test(text);
    text = grouping ? text.replace(/,/g, "") : (text.match(/,/g).length === 1 ? text.replace(",", ".") : text);
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return null;
  return Number(text);
}

function changes() {
  const edits = [];
  const unreadable = [];
  for (const input of editor.querySelectorAll("input.cell")) {
    const text = input.value.trim();
    // the same number written another way ("12.5" for "12,5") is no change
    const same = text !== "" && readNumber(text) !== null && readNumber(text) === readNumber(input.dataset.original);
    if (text === input.dataset.original || same) continue;
    const edit = { table: input.dataset.table, key: JSON.parse(input.dataset.key), column: input.dataset.column };
    if (text === "") edit.value = null;
    else {
      const value = readNumber(text);
      if (value === null) {
        unreadable.push(input);
        continue;
      }
      edit.value = value;
    }
    // a figure goes with the unit it was typed in; the server converts it as a file's cell
    if (input.dataset.unit) edit.unit = input.dataset.unit;
    edits.push(edit);
  }
  const switches = [];
  for (const box of editor.querySelectorAll("input.toggle")) {
    const now = box.checked ? "on" : "off";
    if (now !== box.dataset.original) switches.push({ table: box.dataset.table, key: box.dataset.key, enabled: box.checked });
  }
  return { edits, switches, unreadable };
}

function clearProblems() {
  problems.hidden = true;
  problems.replaceChildren();
  for (const input of editor.querySelectorAll(".invalid")) {
    input.classList.remove("invalid");
    input.removeAttribute("aria-invalid");
  }
  for (const note of editor.querySelectorAll(".field-problem")) note.textContent = "";
}

/** Mark an input as refused: red outline, aria-invalid, the message beside it. */
function mark(input, message) {
  input.classList.add("invalid");
  input.setAttribute("aria-invalid", "true");
  const note = input.parentElement.querySelector(".field-problem");
  if (note) note.textContent = note.textContent ? `${note.textContent} ${message}` : message;
}

/** The input a problem is about: by the edit's field the server names (table, key, column),
 * else by where a file would locate it (file, row, column). */
function inputOf(problem) {
  const column = (problem.column || "").split(" [")[0];
  for (const input of editor.querySelectorAll("input.cell")) {
    const field = problem.field;
    if (field) {
      if (
        input.dataset.table === field.table &&
        input.dataset.column === field.column &&
        JSON.stringify(JSON.parse(input.dataset.key)) === JSON.stringify(field.key.map(String))
      )
        return input;
      continue;
    }
    const sameRow = problem.row == null ? input.dataset.row === "" : input.dataset.row === String(problem.row);
    if (input.dataset.where === problem.where && sameRow && input.dataset.column === column) return input;
  }
  return null;
}

/** Put each problem next to its input and in the list (named by the input's label); focus the first. */
function showProblems(found) {
  const heading = document.createElement("p");
  heading.textContent = say("problems");
  const list = document.createElement("ul");
  let first = null;
  for (const problem of found) {
    const item = document.createElement("li");
    const input = inputOf(problem);
    const value = problem.value != null ? ` (${problem.value})` : "";
    if (input) {
      mark(input, problem.message);
      first = first || input;
      item.textContent = `${input.getAttribute("aria-label")}: ${problem.message}${value}`;
    } else {
      const place = [problem.where];
      if (problem.row) place.push(`${say("row")} ${problem.row}`);
      if (problem.column) place.push(`${say("column")} ${problem.column}`);
      item.textContent = `${place.join(", ")}: ${problem.message}${value}`;
    }
    list.appendChild(item);
  }
  problems.replaceChildren(heading, list);
  problems.hidden = false;
  if (first) first.focus();
}

/** A unit chosen for a group: remembered in a cookie, the page shown again in it. */
for (const select of editor.querySelectorAll("select.unit-select")) {
  const before = select.value;
  select.addEventListener("change", () => {
    const { edits, switches } = changes();
    if (edits.length || switches.length) {
      select.value = before;
      status.textContent = editor.dataset.unsaved;
      return;
    }
    const name = `unit_${select.dataset.group}`;
    document.cookie = `${name}=${encodeURIComponent(select.value)}; path=/; max-age=31536000; SameSite=Lax`;
    const url = new URL(window.location.href);
    url.searchParams.set(name, select.value);
    window.location.assign(url.toString());
  });
}

document.getElementById("save-version").addEventListener("click", async () => {
  clearProblems();
  const { edits, switches, unreadable } = changes();
  if (unreadable.length) {
    for (const input of unreadable) mark(input, editor.dataset.notNumber);
    unreadable[0].focus();
    status.textContent = "";
    return;
  }
  if (!edits.length && !switches.length) {
    status.textContent = say("nothing");
    return;
  }
  status.textContent = say("saving");
  const body = {
    base_version: Number(editor.dataset.version),
    message: document.getElementById("version-message").value,
    edits,
    switches,
  };
  const answer = await request("POST", `/api/scenarios/${editor.dataset.scenario}/edits`, body);
  if (answer.status === 201) {
    const saved = document.createElement("strong");
    saved.dataset.testid = "saved-version";
    saved.textContent = say("saved", { number: answer.body.number });
    status.replaceChildren(saved);
    editor.dataset.version = answer.body.number;
    for (const input of editor.querySelectorAll("input.cell")) input.dataset.original = input.value.trim();
    for (const box of editor.querySelectorAll("input.toggle")) box.dataset.original = box.checked ? "on" : "off";
    return;
  }
  status.textContent = "";
  if (answer.status === 422 && answer.body && answer.body.problems) showProblems(answer.body.problems);
  else status.textContent = say("failed", { detail: (answer.body && answer.body.detail) || answer.status });
});

/** Start a run of the shown version and follow it; open its results once it is done. */
async function startRun(kind) {
  const box = document.getElementById("run-box");
  const bar = document.getElementById("run-progress");
  const message = document.getElementById("run-message");
  const link = document.getElementById("run-link");
  box.hidden = false;
  link.hidden = true;
  bar.value = 0;
  message.textContent = say("starting");
  const body = { scenario: editor.dataset.scenario, version: Number(editor.dataset.version), kind };
  // a risk run also plans a few sampled futures again: how often each plant is built
  if (kind === "risk") body.replan = 4;
  const answer = await request("POST", "/api/runs", body);
  if (answer.status !== 202) {
    message.textContent = say("failed", { detail: (answer.body && answer.body.detail) || answer.status });
    return;
  }
  box.dataset.run = answer.body.id;
  const run = await follow(answer.body.id, bar, message, link);
  // the results are what the planner came for: open them once the run is done
  if (run.status === "done") window.location.assign(`/runs/${run.id}`);
}

document.getElementById("start-run").addEventListener("click", () => startRun("plan"));
document.getElementById("start-risk-run").addEventListener("click", () => startRun("risk"));
