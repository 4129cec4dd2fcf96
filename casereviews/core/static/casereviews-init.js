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
