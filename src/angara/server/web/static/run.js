// Run and comparison pages: the year slider redraws the plan maps for that year.
import { draw } from "./common.js";

const slider = document.getElementById("year-slider");
const shown = document.getElementById("year-shown");
let timer = null;
if (slider) {
  slider.addEventListener("input", () => {
    shown.textContent = slider.value;
    clearTimeout(timer);
    // wait until the reader stops sliding: each year is one request
    timer = setTimeout(() => {
      for (const element of document.querySelectorAll("[data-base]")) {
        draw(element, `${element.dataset.base}&year=${slider.value}`);
      }
    }, 250);
  });
}
