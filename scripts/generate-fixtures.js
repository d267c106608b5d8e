// Regenerates the committed out/<fixture>/ of every accepted fixture with the built command.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

for (const file of readdirSync("fixtures")
  .filter((f) => /\.(json|ya?ml|vars|tfvars)$/.test(f))
  .sort()) {
  const extension = path.extname(file);
  const base = path.basename(file, extension);
  const name = extension === ".json" ? base : `${base}-${extension.slice(1)}`;
  execFileSync(
    process.execPath,
    ["bin/gen-infra.cjs", path.join("fixtures", file), "-o", path.join("out", name), "--force"],
    { stdio: "inherit" },
  );
}
