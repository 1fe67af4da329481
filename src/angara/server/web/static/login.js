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
  error.textContent = say("wrong_password");
  error.hidden = false;
});
