// Change one's own password through the API; the server says what is wrong with a new one.
import { request, say } from "./common.js";

const form = document.getElementById("password-form");
const status = document.getElementById("password-status");
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  status.hidden = false;
  if (data.get("new_password") !== data.get("repeat")) {
    status.textContent = say("passwords_differ");
    return;
  }
  const answer = await request("POST", "/api/me/password", {
    current_password: data.get("current_password"),
    new_password: data.get("new_password"),
  });
  if (answer.status === 204) {
    form.reset();
    status.textContent = say("password_changed");
    return;
  }
  status.textContent = say("not_changed", { detail: (answer.body && answer.body.detail) || answer.status });
});
