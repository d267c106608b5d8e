// Module hooks that let plain Node run the project's TypeScript (the real-libvirt test modules) for a benchmark:
// extensionless relative imports resolve to .ts files, which @swc/core turns into ES modules as jest's transform
// does. Registered by bench/real-libvirt.js; nothing else uses them.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { transformSync } from "@swc/core";

export async function resolve(specifier, context, nextResolve) {
  const relative = specifier.startsWith("./") || specifier.startsWith("../");
  if (relative && context.parentURL?.endsWith(".ts") && !/\.[cm]?[jt]s$/.test(specifier)) {
    for (const candidate of [`${specifier}.ts`, `${specifier}/index.ts`]) {
      const url = new URL(candidate, context.parentURL);
      if (existsSync(fileURLToPath(url))) return { url: url.href, shortCircuit: true };
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith(".ts")) return nextLoad(url, context);
  const { code } = transformSync(readFileSync(fileURLToPath(url), "utf8"), {
    filename: fileURLToPath(url),
    jsc: { parser: { syntax: "typescript" }, target: "es2022" },
    module: { type: "es6" },
  });
  return { format: "module", source: code, shortCircuit: true };
}
