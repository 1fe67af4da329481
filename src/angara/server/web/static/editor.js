// The scenario editor: send changed cells and switches as a new version; start a run.
import { request, say } from "./common.js";
import { follow } from "./progress.js";

const editor = document.querySelector("[data-testid=editor]");
const status = document.getElementById("save-status");
const problems = document.getElementById("problems");

function changes() {
  const edits = [];
  for (const input of editor.querySelectorAll("input.cell")) {
    if (input.value.trim() === input.dataset.original) continue;
    const text = input.value.trim();
    const value = text === "" ? null : Number.isNaN(Number(text)) ? text : Number(text);
    edits.push({ table: input.dataset.table, key: JSON.parse(input.dataset.key), column: input.dataset.column, value });
  }
  const switches = [];
  for (const box of editor.querySelectorAll("input.toggle")) {
    const now = box.checked ? "on" : "off";
    if (now !== box.dataset.original) switches.push({ table: box.dataset.table, key: box.dataset.key, enabled: box.checked });
  }
  return { edits, switches };
}

function clearProblems() {
  problems.hidden = true;
  problems.replaceChildren();
  for (const input of editor.querySelectorAll(".invalid")) input.classList.remove("invalid");
  for (const note of editor.querySelectorAll(".field-problem")) note.textContent = "";
}

/** Put each problem next to its field (matched by file, row and column) and in the list. */
function showProblems(found) {
  const heading = document.createElement("p");
  heading.textContent = say("problems");
  const list = document.createElement("ul");
  for (const problem of found) {
    const item = document.createElement("li");
    const place = [problem.where];
    if (problem.row) place.push(`${say("row")} ${problem.row}`);
    if (problem.column) place.push(`${say("column")} ${problem.column}`);
    item.textContent = `${place.join(", ")}: ${problem.message}${problem.value != null ? ` (${problem.value})` : ""}`;
    list.appendChild(item);
    const column = (problem.column || "").split(" [")[0];
    for (const input of editor.querySelectorAll("input.cell")) {
      const sameRow = problem.row == null ? input.dataset.row === "" : input.dataset.row === String(problem.row);
      if (input.dataset.where === problem.where && sameRow && input.dataset.column === column) {
        input.classList.add("invalid");
        input.setAttribute("aria-invalid", "true");
        input.nextElementSibling.textContent = problem.message;
      }
    }
  }
  problems.replaceChildren(heading, list);
  problems.hidden = false;
}

document.getElementById("save-version").addEventListener("click", async () => {
  clearProblems();
  const { edits, switches } = changes();
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
