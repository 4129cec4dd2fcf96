// Starts the GOV.UK Frontend components. A file of its own, not an inline script, so that the
// Content-Security-Policy can forbid inline scripts (ADR 0016).
import { initAll } from "./govuk-frontend.min.js";

initAll();
