// Every page: draw the figures it names, sign out.
import { draw, request } from "./common.js";

for (const element of document.querySelectorAll("[data-figure]")) {
  draw(element, element.dataset.figure);
}

const signOut = document.getElementById("sign-out");
if (signOut) {
  signOut.addEventListener("click", async () => {
    await request("DELETE", "/api/auth/session");
    window.location.assign("/login");
  });
}
