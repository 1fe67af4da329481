// Sign in through the API, then go where the reader was going.
import { say } from "./common.js";

const form = document.getElementById("login-form");
const error = document.getElementById("login-error");
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.hidden = true;
  const answer = await fetch("/api/auth/session", {
    method: "POST",
    body: new URLSearchParams(new FormData(form)),
    credentials: "same-origin",
  });
  if (answer.ok) {
    window.location.assign(form.dataset.next || "/");
    return;
  }
  // 401: wrong name or password; 429 (too many failures) and others: the server's own words
  let detail = "";
  if (answer.status !== 401) {
    try {
      detail = (await answer.json()).detail || "";
    } catch {
      detail = "";
    }
  }
  error.textContent = detail || say("wrong_password");
  error.hidden = false;
});
