// The eta templates by name ("libvirt-0.8/hcl/libvirt.tf" for templates/libvirt-0.8/hcl/libvirt.tf.eta), each
// included by another as "@<name>". Read from templates/ here; the bundle replaces this module with the same
// templates compiled to functions at build time (scripts/build.js), so that a run compiles none and V8's code
// cache covers them.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TemplateFunction } from "eta";

/** Shared by the run and the build's precompilation: both must compile templates the same way. */
export const etaOptions = { autoEscape: false, autoTrim: false } as const;

export function templates(): Record<string, string | TemplateFunction> {
  const root = fileURLToPath(new URL("../../templates/", import.meta.url));
  const found: Record<string, string> = {};
  for (const file of readdirSync(root, { recursive: true, encoding: "utf8" }).sort()) {
    if (file.endsWith(".eta"))
      found[file.slice(0, -".eta".length).split(path.sep).join("/")] = readFileSync(path.join(root, file), "utf8");
  }
  return found;
}
