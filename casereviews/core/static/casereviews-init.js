// Starts the GOV.UK Frontend components. A file of its own, not an inline script, so that the
// Content-Security-Policy can forbid inline scripts (ADR 0016).
import { initAll } from "./govuk-frontend.min.js";

initAll();

// A job's status page (core/jinja2/jobs/status.html) while the job runs: fetch the page again
// every few seconds and swap in its status region, until the job has finished.
function pollJob(region) {
  const wait = Number(region.dataset.jobPoll) || 2000;
  window.setTimeout(async () => {
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin" });
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById("job-status");
      if (!fresh) return;
      region.replaceWith(fresh);
      if (fresh.dataset.jobPoll) pollJob(fresh);
      else initAll({ scope: fresh });
    } catch {
      pollJob(region); // the network blinked: try again
    }
  }, wait);
}

document.querySelectorAll("[data-job-poll]").forEach(pollJob);

// Wide tables on a narrow screen (a phone is 390 px wide): each table scrolls sideways inside a
// region of its own, not the whole page. The region is named by the table's caption and always
// takes the keyboard focus, so it can be scrolled with the arrow keys. (Focusable only while it
// overflowed was tried: a table that grew after the check was a scrollable region the keyboard
// could not reach, which axe caught in CI on the event page.)

// The table's caption, else the heading before it, else "Table".
function tableName(table) {
  const caption = table.querySelector("caption");
  let name = caption ? caption.textContent : "";
  for (let el = table.previousElementSibling; !name.trim() && el; el = el.previousElementSibling) {
    if (/^H[1-6]$/.test(el.tagName)) name = el.textContent;
  }
  return name.trim().replace(/\s+/g, " ") || "Table";
}

function scrollRegion(table) {
  if (table.closest(".app-table-scroll")) return;
  const region = document.createElement("div");
  region.className = "app-table-scroll";
  region.setAttribute("role", "region");
  region.setAttribute("aria-label", tableName(table));
  region.setAttribute("tabindex", "0");
  table.parentNode.insertBefore(region, table);
  region.appendChild(table);
}

document.querySelectorAll("table.govuk-table").forEach(scrollRegion);
