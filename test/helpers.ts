// Shared test helpers: the fixtures, their committed output, and HCL parsed into JSON.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@cdktf/hcl2json";
import { loadSpec } from "../generator/load";
import { compile, type Compiled } from "../generator/compile";
import type { HarnessResult, HarnessSuccess } from "../generator/verify/harness";

export const root = fileURLToPath(new URL("..", import.meta.url));
export const fixturesDir = path.join(root, "fixtures");
export const bin = path.join(root, "bin", "gen-infra.cjs");

export interface Fixture {
  /** Output folder name under out/: the file name without extension, `-vars` for the HCL form. */
  readonly name: string;
  readonly file: string;
  readonly outDir: string;
}

const outName = (file: string) => {
  const extension = path.extname(file);
  const base = path.basename(file, extension);
  return extension === ".json" ? base : `${base}-${extension.slice(1)}`;
};

/** Every fixture that gen-infra accepts (fixtures/invalid/ holds the rejected ones). */
export const fixtures: readonly Fixture[] = readdirSync(fixturesDir)
  .filter((f) => /\.(json|ya?ml|vars|tfvars)$/.test(f))
  .sort()
  .map((f) => ({ name: outName(f), file: path.join(fixturesDir, f), outDir: path.join(root, "out", outName(f)) }));

export async function compileFile(file: string): Promise<Compiled> {
  const loaded = await loadSpec(file);
  if (!loaded.ok) throw new Error(`fixture ${file} did not load: ${JSON.stringify(loaded.findings)}`);
  return compile(loaded.raw, path.basename(file));
}

// hcl2json's shape: blocks are arrays of objects, expressions are "${...}" strings.
// Its output has no published type, and tests walk it freely.
export type HclJson = { [key: string]: any };

export const parseHcl = (name: string, text: string): Promise<HclJson> => parse(name, text);

export const readOut = (fixture: Fixture, file: string): string =>
  readFileSync(path.join(fixture.outDir, file), "utf8");

/** Terraform frames diagnostics in boxes and wraps them; compare text with whitespace and box drawing flattened. */
export const flat = (text: string): string => text.replace(/[│╷╵]/g, " ").replace(/\s+/g, " ");

/** The success, or an error carrying the failed step's diagnostics. */
export function succeeded(result: HarnessResult): HarnessSuccess {
  if (!result.ok) throw new Error(`terraform ${result.step} failed:\n${result.diagnostics}`);
  return result;
}

/** Loud, never silent: a test that cannot run its tool says so in the output. */
export const skipped = (tool: string, what: string): void => {
  process.stdout.write(`SKIPPED: ${tool} not found (${what})\n`);
};
