// Follow a run until it ends; used by the editor and the page of a run in flight.
import { request, say } from "./common.js";

/** Poll /api/runs/{id} every second, showing status and progress; resolves with the run. */
export async function follow(id, bar, message, link) {
  for (;;) {
    const answer = await request("GET", `/api/runs/${id}`);
    const run = answer.body || {};
    bar.value = run.progress || 0;
    message.textContent = `${say(run.status || "queued")}: ${run.message || ""}`;
    if (["done", "failed", "cancelled"].includes(run.status)) {
      if (run.status === "done") {
        link.href = `/runs/${id}`;
        link.textContent = say("open_run", { id });
        link.hidden = false;
      } else if (run.status === "failed") {
        message.textContent = say("run_failed", { message: run.message || "" });
      }
      return run;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const pending = document.querySelector("[data-testid=run-pending]");
if (pending) {
  follow(
    pending.dataset.run,
    document.getElementById("run-progress"),
    document.getElementById("run-message"),
    document.getElementById("run-link"),
  ).then((run) => {
    if (run.status === "done") window.location.reload();
  });
}
