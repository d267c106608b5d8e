// The generator's folders are layers of its pipeline, and no module imports from a layer above its own; only the
// output and command folders (and the Terraform harness behind `verify`) touch the file system.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { root } from "../helpers";

/** Lower layers first. A module may import its own folder and any layer below it. */
const layers: readonly (readonly string[])[] = [
  ["findings.ts"],
  ["spec", "syntax"],
  ["model"],
  ["artefacts"],
  ["rules"],
  ["targets"],
  ["compile.ts", "output"],
  ["docs", "verify"],
  ["cli"],
];

/** Where node:fs may be imported, and why. */
const fileSystemAllowed: Record<string, string> = {
  output: "writing the output folder is its job",
  cli: "the commands read the spec and start the rest",
  verify: "the harness copies a folder and runs Terraform in a scratch one",
  "syntax/templates.ts": "it reads gen-infra's own templates/ when run from source (the bundle has them compiled in)",
};

const generator = path.join(root, "generator");

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? modules(path.join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [path.relative(generator, path.join(dir, entry.name))]
        : [],
  );
}

/** The layer of a module, by its first path segment (a folder, or a file at the top). */
export function layerOf(module: string): number {
  const top = module.split("/")[0]!;
  const layer = layers.findIndex((names) => names.includes(top));
  if (layer < 0) throw new Error(`generator/${module} is in no layer: add its folder to the table`);
  return layer;
}

/** Every import specifier in a module's text: static, re-exports and dynamic. */
export const importsOf = (text: string): string[] =>
  [
    ...text.matchAll(
      /(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g,
    ),
  ].map((m) => (m[1] ?? m[2])!);

/** What is wrong with one module's imports: layers crossed upwards, or the file system where it does not belong. */
export function violations(module: string, text: string): string[] {
  const found: string[] = [];
  for (const specifier of importsOf(text)) {
    if (specifier === "node:fs" || specifier === "node:fs/promises" || specifier === "fs") {
      const allowed = Object.keys(fileSystemAllowed).some(
        (place) => module === place || module.startsWith(`${place}/`),
      );
      if (!allowed) found.push(`generator/${module} imports ${specifier}`);
      continue;
    }
    if (!specifier.startsWith(".")) continue;
    const target = path.relative(generator, path.resolve(generator, path.dirname(module), specifier));
    if (target.startsWith("..")) continue; // outside generator/: package.json
    // "../rules" is the folder's index; "../compile" the top-level file compile.ts.
    const targetModule = existsSync(path.join(generator, target)) ? `${target}/index.ts` : `${target}.ts`;
    const sameFolder = targetModule.split("/")[0] === module.split("/")[0] && module.includes("/");
    if (!sameFolder && layerOf(targetModule) > layerOf(module))
      found.push(`generator/${module} imports ${specifier}, a layer above its own`);
  }
  return found;
}

test("no module of the generator imports from a layer above its own, or touches the file system out of place", () => {
  const found = modules(generator).flatMap((module) =>
    violations(module, readFileSync(path.join(generator, module), "utf8")),
  );
  expect(found).toEqual([]);
});

test.each([
  ["model/model.ts", 'import { render } from "../targets/libvirt-0.8/render";', ["a layer above its own"]],
  ["rules/capacity.ts", 'import { readFileSync } from "node:fs";', ["imports node:fs"]],
  ["spec/spec.ts", 'const { compile } = await import("../compile");', ["a layer above its own"]],
  ["targets/libvirt-0.8/render.ts", 'import { buildInventory } from "../../artefacts/inventory";', []],
  ["output/write.ts", 'import { writeFileSync } from "node:fs";', []],
])("the check itself: %s with `%s`", (module, line, want) => {
  const found = violations(module, line);
  expect(found).toHaveLength(want.length);
  want.forEach((text, i) => expect(found[i]).toContain(text));
});
