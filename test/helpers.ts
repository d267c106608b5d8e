// Shared test helpers: the fixtures, their committed output, and HCL parsed into JSON.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@cdktf/hcl2json";
import { parse as parseYaml } from "yaml";
import { loadSpec } from "../generator/cli/load";
import { compile, type Compiled } from "../generator/compile";
import { baselineWasmOnly, type HarnessResult, type HarnessSuccess } from "../terraform-harness/src";
import { scratchPrefix } from "./global-state";

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

/**
 * The fixtures of the agent-based installer, whose specs say installer agent (JSON or YAML), and the others, the
 * installer-provisioned flow's.
 */
const saysAgent = (f: Fixture): boolean =>
  /\.(json|ya?ml)$/.test(f.file) &&
  (parseYaml(readFileSync(f.file, "utf8")) as { installer?: unknown } | null)?.installer === "agent";
export const agentFixtures: readonly Fixture[] = fixtures.filter(saysAgent);
export const ipiFixtures: readonly Fixture[] = fixtures.filter((f) => !saysAgent(f));

export async function compileFile(file: string): Promise<Compiled> {
  const loaded = await loadSpec(file);
  if (!loaded.ok) throw new Error(`fixture ${file} did not load: ${JSON.stringify(loaded.findings)}`);
  return compile(loaded.raw, path.basename(file), { files: loaded.files });
}

// hcl2json's shape: blocks are arrays of objects, expressions are "${...}" strings.
// Its output has no published type, and tests walk it freely.
export type HclJson = { [key: string]: any };

// The same WebAssembly compile as verify's (see terraform-harness/src/hcl-parser.ts): each test file loads the parser
// afresh, and the optimising compile cost more CPU than all its parses together.
baselineWasmOnly();
export const parseHcl = (name: string, text: string): Promise<HclJson> => parse(name, text);

export const readOut = (fixture: Fixture, file: string): string =>
  readFileSync(path.join(fixture.outDir, file), "utf8");

/** Terraform frames diagnostics in boxes and wraps them; compare text with whitespace and box drawing flattened. */
export const flat = (text: string): string => text.replace(/[│╷╵]/g, " ").replace(/\s+/g, " ");

/** One promise per variant of a runTerraformVariants call, in the order the variants were given. */
export const eachVariant = (all: Promise<readonly HarnessResult[]>, count: number): Promise<HarnessResult>[] =>
  Array.from({ length: count }, (_, i) => all.then((results) => results[i]!));

/** The success, or an error carrying the failed step's diagnostics. */
export function succeeded(result: HarnessResult): HarnessSuccess {
  if (!result.ok) throw new Error(`terraform ${result.step} failed:\n${result.diagnostics}`);
  return result;
}

export { scratchPrefix };

/** A fresh folder under $TMPDIR for `body`, removed however `body` ends, so a failing test leaks nothing either. */
export async function inScratch<T>(name: string, body: (dir: string) => Promise<T> | T): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), `${scratchPrefix}${name}-`));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * For tests whose folders outlive one callback: each call makes a fresh folder under $TMPDIR, and all of them are
 * removed after the file's last test, however it ended. Call it at a file's top level, where afterAll belongs.
 */
export function scratchFolders(name: string): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(path.join(tmpdir(), `${scratchPrefix}${name}-`));
    made.push(dir);
    return dir;
  };
}
