// The generator's folders are layers of its pipeline, and no module imports from a layer above its own; only the
// output and command folders touch the file system; and only the targets write HCL, so that a new target, or a new
// provider version, is a new folder there and not a hunt through the rules and the model for the old one's variable,
// local and resource names. The packages beside it stay apart: the compiler loads the Terraform harness only when
// `verify` runs, from a bundle of its own, and the stand-in provider never; the harness takes from the compiler
// through one module.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { root } from "../helpers";

/** Lower layers first. A module may import its own folder and any layer below it. */
const layers: readonly (readonly string[])[] = [
  ["findings.ts", "releases.ts"],
  ["input", "syntax"],
  ["model"],
  ["lab"],
  ["installer"],
  ["artefacts"],
  ["rules"],
  ["targets"],
  ["compile.ts", "output"],
  ["docs"],
  ["cli"],
];

/** Where node:fs may be imported, and why. */
const fileSystemAllowed: Record<string, string> = {
  output: "writing the output folder is its job",
  cli: "the commands read the spec and start the rest",
  "syntax/templates.ts": "it reads gen-infra's own templates/ when run from source (the bundle has them compiled in)",
};

const generator = path.join(root, "generator");
const harness = path.join(root, "terraform-harness", "src");
const standin = path.join(root, "libvirt-provider-standin");

/** The .ts files under `dir`, relative to `base`. */
function modules(dir: string, base: string = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? modules(path.join(dir, entry.name), base)
      : entry.name.endsWith(".ts")
        ? [path.relative(base, path.join(dir, entry.name))]
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

interface ImportSite {
  specifier: string;
  /** `import type` or `export type`: erased from every bundle, it loads nothing. */
  typeOnly: boolean;
  /** `import()`: loaded when the code runs, and the build can keep it out of a bundle. */
  dynamic: boolean;
}

/** Every import of a module, static, re-export or dynamic, with how it loads. */
function importSites(module: string, text: string): ImportSite[] {
  const source = ts.createSourceFile(module, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const sites: ImportSite[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      const typeOnly = ts.isImportDeclaration(node) ? node.importClause?.isTypeOnly === true : node.isTypeOnly;
      if (ts.isStringLiteral(node.moduleSpecifier))
        sites.push({ specifier: node.moduleSpecifier.text, typeOnly, dynamic: false });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [first] = node.arguments;
      if (first && ts.isStringLiteral(first)) sites.push({ specifier: first.text, typeOnly: false, dynamic: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

const within = (file: string, dir: string): boolean => file === dir || file.startsWith(`${dir}${path.sep}`);

/**
 * What is wrong with how a generator module reaches the packages beside it. The harness is loaded only by verify's
 * import() of its entry, which the build turns into a require of dist/gen-infra-verify.cjs (scripts/build.js), so a
 * plain run never reads it; types may be imported, since they load nothing. The stand-in is installed as a built
 * bundle and never imported.
 */
function packageImports(module: string, text: string): string[] {
  const found: string[] = [];
  for (const { specifier, typeOnly, dynamic } of importSites(module, text)) {
    if (!specifier.startsWith(".")) continue;
    const target = path.resolve(generator, path.dirname(module), specifier);
    if (within(target, standin)) {
      found.push(`generator/${module} imports ${specifier}: the compiler never loads the stand-in`);
    } else if (within(target, path.dirname(harness)) && !typeOnly) {
      const lazyEntry = dynamic && module === "cli/verify.ts" && target === harness;
      if (!lazyEntry)
        found.push(
          `generator/${module} imports ${specifier}: the compiler loads the harness only through verify's ` +
            "import() of terraform-harness/src",
        );
    }
  }
  return found;
}

/** What is wrong with one harness module's imports: only compiler.ts reaches out, and only into the compiler. */
function harnessReach(module: string, text: string): string[] {
  const found: string[] = [];
  for (const { specifier } of importSites(module, text)) {
    if (!specifier.startsWith(".")) continue;
    const target = path.resolve(harness, path.dirname(module), specifier);
    if (within(target, harness)) continue;
    if (module !== "compiler.ts") {
      found.push(`terraform-harness/src/${module} imports ${specifier}: only compiler.ts reaches outside the harness`);
    } else if (!within(target, generator) || within(target, path.join(generator, "cli"))) {
      found.push(`terraform-harness/src/compiler.ts imports ${specifier}: only the compiler, not its commands`);
    }
  }
  return found;
}

/**
 * HCL's marks: a variable or local reference, or a resource type of the libvirt provider. The backslashes let a
 * pattern that reads HCL (`/var\./`) count as well. Prose that ends a sentence on "local" or "var" reads as HCL
 * too: reword it.
 */
const hclMarks: readonly RegExp[] = [/\bvar\\*\./, /\blocal\\*\./, /libvirt_/];

/** Tokens that hold text; a comment is no token, and an identifier or a bare property name holds no text. */
const textTokens: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
]);

/**
 * The text a module holds that reads as HCL, one entry per token, where the module is outside targets/. A quoted
 * property name (`"libvirt_name":`) is a string like any other: a key of that name belongs to a target's HCL too.
 */
export function hclOutsideTargets(module: string, text: string): string[] {
  if (module.startsWith("targets/")) return [];
  const source = ts.createSourceFile(module, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (textTokens.has(node.kind)) {
      const { text: literal } = node as ts.LiteralLikeNode;
      if (hclMarks.some((mark) => mark.test(literal))) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        found.push(`generator/${module}:${line} holds ${JSON.stringify(literal)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
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
  ["input/spec.ts", 'const { compile } = await import("../compile");', ["a layer above its own"]],
  ["targets/libvirt-0.8/render.ts", 'import { buildInventory } from "../../artefacts/inventory";', []],
  ["installer/vips.ts", 'import { render } from "../targets/libvirt-0.8/render";', ["a layer above its own"]],
  ["installer/hosts.ts", 'import type { Inventory } from "../artefacts/inventory";', ["a layer above its own"]],
  ["artefacts/install-config.ts", 'import { provisionVmBridges } from "../installer/bridges";', []],
  ["model/model.ts", 'import { releaseHas, releases } from "../releases";', []],
  ["output/write.ts", 'import { writeFileSync } from "node:fs";', []],
])("the check itself: %s with `%s`", (module, line, want) => {
  const found = violations(module, line);
  expect(found).toHaveLength(want.length);
  want.forEach((text, i) => expect(found[i]).toContain(text));
});

test("the compiler loads the harness only through verify's lazy import(), and the stand-in never", () => {
  const found = modules(generator).flatMap((module) =>
    packageImports(module, readFileSync(path.join(generator, module), "utf8")),
  );
  expect(found).toEqual([]);
});

test.each([
  ["cli/verify.ts", 'const harness = await import("../../terraform-harness/src");', []],
  ["cli/verify.ts", 'import type { Engine } from "../../terraform-harness/src";', []],
  ["cli/engine-option.ts", 'import type { Engine } from "../../terraform-harness/src/engine";', []],
  ["cli/verify.ts", 'import { runTerraform } from "../../terraform-harness/src";', ["only through verify's import()"]],
  ["cli/verify.ts", 'export { runTerraform } from "../../terraform-harness/src";', ["only through verify's import()"]],
  ["cli/verify.ts", 'await import("../../terraform-harness/src/harness");', ["only through verify's import()"]],
  ["cli/main.ts", 'await import("../../terraform-harness/src");', ["only through verify's import()"]],
  ["cli/command-line.ts", 'import { parseEngine } from "../../terraform-harness/src/engine";', ["only through"]],
  ["output/write.ts", 'import { loadAssets } from "../../libvirt-provider-standin/src/assets";', ["never loads"]],
  ["cli/verify.ts", 'import type { Io } from "./io";', []],
])("the package check itself: %s with `%s`", (module, line, want) => {
  const found = packageImports(module, line);
  expect(found).toHaveLength(want.length);
  want.forEach((text, i) => expect(found[i]).toContain(text));
});

test("the harness takes from the compiler through compiler.ts alone, and nothing of its commands", () => {
  const found = modules(harness).flatMap((module) =>
    harnessReach(module, readFileSync(path.join(harness, module), "utf8")),
  );
  expect(found).toEqual([]);
});

test.each([
  ["compiler.ts", 'export { hclString } from "../../generator/syntax/hcl";', []],
  ["harness.ts", 'import { refuse } from "./refused";', []],
  ["harness.ts", 'import { execa } from "execa";', []],
  ["remote-state.ts", 'import { hclString } from "../../generator/syntax/hcl";', ["only compiler.ts"]],
  ["compiler.ts", 'export { main } from "../../generator/cli/main";', ["only the compiler"]],
  ["compiler.ts", 'export { loadAssets } from "../../libvirt-provider-standin/src/assets";', ["only the compiler"]],
])("the harness check itself: %s with `%s`", (module, line, want) => {
  const found = harnessReach(module, line);
  expect(found).toHaveLength(want.length);
  want.forEach((text, i) => expect(found[i]).toContain(text));
});

test("only the targets hold HCL: no var., local. or libvirt_ in the text of any other module", () => {
  const found = modules(generator).flatMap((module) =>
    hclOutsideTargets(module, readFileSync(path.join(generator, module), "utf8")),
  );
  expect(found).toEqual([]);
});

test.each([
  ["rules/networks.ts", 'const x = "var.chucky_net_addr";', ['"var.chucky_net_addr"']],
  ["model/model.ts", "const x = `local.${name}`;", ['"local."']],
  ["rules/capacity.ts", "const x = `${a} + var.${b} + ${c}`;", ['" + var."']],
  ["rules/capacity.ts", "const x = `${a} <= local.total`;", ['" <= local.total"']],
  ["input/spec.ts", "const x = `libvirt_domain.master_domains`;", ['"libvirt_domain.master_domains"']],
  ["rules/macs.ts", "const x = /\\${var\\.(\\w+)}/;", ["var\\\\."]],
  ["rules/names.ts", 'const x = { "libvirt_name": 1 };', ['"libvirt_name"']],
  ["rules/names.ts", "const x = { libvirt_name: 1 };", []],
  ["rules/networks.ts", "const x = n.libvirt_name;", []],
  ["rules/networks.ts", "/* local.y, libvirt_domain */ // var.x", []],
  ["rules/networks.ts", 'const x = "avar.x" + "mylocal.y";', []],
  ["rules/networks.ts", 'const x = "variables, locals, libvirt-0.8";', []],
  ["targets/libvirt-0.8/render.ts", 'const x = "var.chucky_net_addr";', []],
])("the HCL check itself: %s with `%s`", (module, line, want) => {
  const found = hclOutsideTargets(module, line);
  expect(found).toHaveLength(want.length);
  want.forEach((text, i) => expect(found[i]).toContain(text));
});
