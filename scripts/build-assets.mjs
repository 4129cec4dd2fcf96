// Builds the GOV.UK Frontend styles (without the GDS Transport font, which is only for GOV.UK)
// and copies the scripts and the images we use into var/assets, which Django serves as /static/.
import { mkdirSync, copyFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "var", "assets");
const dist = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
mkdirSync(join(out, "images"), { recursive: true });

const css = sass.compile(join(root, "assets", "scss", "main.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin"],
});
writeFileSync(join(out, "app.css"), css.css);
copyFileSync(join(dist, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
console.log("built", join(out, "app.css"));
