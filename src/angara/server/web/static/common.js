// Shared by the page scripts: translated messages, the CSRF header, JSON requests, figures.

export const messages = JSON.parse(document.getElementById("messages").textContent);

/** A translated message with {name} placeholders filled in. */
export function say(key, values = {}) {
  return (messages[key] || key).replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

function cookie(name) {
  const found = document.cookie.split("; ").find((part) => part.startsWith(name + "="));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
}

/** fetch() with the session's CSRF token on writes; answers {status, body}. */
export async function request(method, url, body) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRF-Token"] = cookie("angara_csrf");
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const answer = await fetch(url, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let parsed = null;
  try {
    parsed = await answer.json();
  } catch {
    parsed = null;
  }
  return { status: answer.status, body: parsed };
}

let plotly = null;

/** plotly.js from the server itself (bundled with the installed plotly package). */
export function loadPlotly() {
  if (!plotly) {
    plotly = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = "/static/vendor/plotly.min.js";
      script.onload = () => resolve(window.Plotly);
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }
  return plotly;
}

/** The div inside `element` that Plotly draws into (so `[data-testid=…] .js-plotly-plot` finds it). */
function canvas(element) {
  let inner = element.querySelector(":scope > .plot");
  if (!inner) {
    inner = document.createElement("div");
    inner.className = "plot";
    element.replaceChildren(inner);
  }
  return inner;
}

/** Draw the Plotly JSON at `url` into `element` (replacing what was there). */
export async function draw(element, url) {
  element.classList.add("loading");
  element.setAttribute("aria-busy", "true");
  try {
    const [Plotly, answer] = await Promise.all([loadPlotly(), request("GET", url)]);
    if (answer.status !== 200 || !answer.body) {
      element.textContent = say("no_figure");
      element.dataset.state = "missing";
      return;
    }
    const config = { responsive: true, displaylogo: false, scrollZoom: true };
    // a figure that sizes itself (the tornado grows with its bars) gets the room it asks for
    if (answer.body.layout && answer.body.layout.height) element.style.height = `${answer.body.layout.height}px`;
    await Plotly.react(canvas(element), answer.body.data, answer.body.layout, config);
    element.dataset.state = "drawn";
  } catch (error) {
    element.textContent = say("failed", { detail: String(error) });
    element.dataset.state = "failed";
  } finally {
    element.classList.remove("loading");
    element.removeAttribute("aria-busy");
  }
}
