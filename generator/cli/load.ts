// Stage 1: a spec file → a raw object, parsed by its extension. No validation happens here, but nothing in the
// file can make the loader hang, exhaust memory or the stack: it reads only regular files, at most maxSpecBytes of
// them, decodes strict UTF-8, and bounds nesting depth and YAML aliases.
import path from "node:path";
import type { Finding } from "../findings";
import { ioMessage, isSystemError } from "../output/io-errors";
import { readRegularFile } from "../output/safe-fs";
import type { SpecFiles } from "../input/ca-bundle";
import { readSpecFiles } from "./spec-files";

const maxSpecBytes = 1024 * 1024;
/** A spec is at most three levels deep; anything much deeper is not a spec, and would only strain the stack. */
const maxSpecDepth = 32;
const maxYamlAliases = 100;

/** `files`: the text of the files the spec names that gen-infra reads (spec-files.ts). */
export type Loaded = { ok: true; raw: unknown; files: SpecFiles } | { ok: false; findings: Finding[] };
type Parsed = { ok: true; raw: unknown } | { ok: false; findings: Finding[] };

const finding = (message: string, fix?: string, keyPath: readonly string[] = []): Finding => ({
  severity: "error",
  path: keyPath,
  value: undefined,
  message,
  ...(fix ? { fix } : {}),
});
const fail = (message: string, fix?: string): Parsed => ({ ok: false, findings: [finding(message, fix)] });

const specFormats = {
  ".json": "json",
  ".yaml": "yaml",
  ".yml": "yaml",
  ".vars": "hcl",
  ".tfvars": "hcl",
} as const;

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

const tooDeep = `is nested more than ${maxSpecDepth} levels deep; a spec is an object of a few levels`;

/**
 * What JSON.parse does not report: a key given twice in one object (it silently keeps the last) and nesting deeper
 * than maxSpecDepth. One pass over the text, without recursion.
 */
function scanJson(text: string): string | undefined {
  const objects: (Set<string> | null)[] = [];
  let expectingKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      const keys = objects[objects.length - 1];
      if (keys && expectingKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (keys.has(key))
          return `gives the key ${JSON.stringify(key).slice(0, 80)} twice in one object, at ${lineColumn(text, i)}`;
        keys.add(key);
        expectingKey = false;
      }
      i = end;
    } else if (c === "{" || c === "[") {
      objects.push(c === "{" ? new Set() : null);
      expectingKey = c === "{";
      if (objects.length > maxSpecDepth) return `${tooDeep} (at ${lineColumn(text, i)})`;
    } else if (c === "}" || c === "]") {
      objects.pop();
      expectingKey = false;
    } else if (c === ",") {
      expectingKey = objects[objects.length - 1] instanceof Set;
    }
  }
  return undefined;
}

function parseJson(text: string): Parsed {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position =
      /at position (\d+)/.exec(message)?.[1] ?? (/end of JSON input/.test(message) ? text.length : undefined);
    const where = position === undefined ? "" : ` at ${lineColumn(text, Number(position))}`;
    return fail(`is not valid JSON${where}: ${message.replace(/ in JSON at position \d+.*$/, "")}`);
  }
  // Only valid JSON gets here, so the scan's simple view of strings and brackets is exact.
  const problem = scanJson(text);
  return problem ? fail(problem) : { ok: true, raw };
}

/** The depth of a parsed value, or Infinity for one that contains itself (a recursive YAML alias). */
function depthOf(root: unknown): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number; ancestors: readonly object[] }[] = [
    { value: root, depth: 0, ancestors: [] },
  ];
  while (stack.length) {
    const { value, depth, ancestors } = stack.pop()!;
    if (typeof value !== "object" || value === null) continue;
    if (ancestors.includes(value)) return Infinity;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > maxSpecDepth) return deepest;
    const children = value instanceof Map ? [...value.values()] : Object.values(value);
    for (const child of children) stack.push({ value: child, depth: depth + 1, ancestors: [...ancestors, value] });
  }
  return deepest;
}

function boundedDepth(raw: unknown): Parsed {
  const depth = depthOf(raw);
  if (depth === Infinity) return fail("contains itself (a recursive alias); a spec must be a finite tree of values");
  return depth > maxSpecDepth ? fail(tooDeep) : { ok: true, raw };
}

async function parseYaml(text: string): Promise<Parsed> {
  const { LineCounter, parseDocument } = await import("yaml");
  const lineCounter = new LineCounter();
  try {
    // uniqueKeys: a key given twice is an error, not a silent "last one wins".
    const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
    if (document.errors.length) {
      return {
        ok: false,
        findings: document.errors.map((error) => {
          const { line, col } = lineCounter.linePos(error.pos[0]);
          return finding(
            `is not valid YAML at line ${line}, column ${col}: ${error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`,
          );
        }),
      };
    }
    return boundedDepth(document.toJS({ maxAliasCount: maxYamlAliases }));
  } catch (error) {
    // The YAML library's guard against alias bombs, and the stack running out on absurd nesting.
    if (error instanceof ReferenceError && /alias/i.test(error.message))
      return fail(`uses its aliases more than ${maxYamlAliases} times; write the values out instead`);
    if (error instanceof RangeError) return fail(tooDeep);
    throw error;
  }
}

/**
 * A string from a variables file as Terraform reads it: `$${` and `%%{` are escapes for a literal `${` and `%{`.
 * An unescaped `${…}` or `%{…}` is a template, which Terraform refuses in a variables file, so it is refused here.
 */
function tfvarsString(source: string): { ok: true; value: string } | { ok: false } {
  let value = "";
  for (let i = 0; i < source.length; i++) {
    const two = source.slice(i, i + 2);
    const three = source.slice(i, i + 3);
    if (three === "$${" || three === "%%{") {
      value += three.slice(1);
      i += 2;
    } else if (two === "${" || two === "%{") {
      return { ok: false };
    } else value += source[i];
  }
  return { ok: true, value };
}

/** Every string of a parsed variables file, unescaped; a template anywhere is a finding at its key path. */
function tfvarsValues(value: unknown, keyPath: string[], findings: Finding[]): unknown {
  if (typeof value === "string") {
    const read = tfvarsString(value);
    if (read.ok) return read.value;
    findings.push(
      finding(
        "holds a Terraform template (${…} or %{…}), which a variables file cannot use",
        "write the value literally; for a literal ${ or %{ write $${ or %%{",
        keyPath,
      ),
    );
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => tfvarsValues(item, [...keyPath, String(i)], findings));
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, tfvarsValues(item, [...keyPath, key], findings)]),
    );
  return value;
}

async function parseHcl(fileName: string, text: string): Promise<Parsed> {
  // The WASM parser is loaded only for HCL specs, so a JSON run never pays for it.
  const { parse } = await import("@cdktf/hcl2json");
  let parsed: unknown;
  try {
    parsed = await parse(fileName, text);
  } catch (error) {
    return fail(`is not a valid Terraform variables file: ${String((error as Error).message ?? error).trim()}`);
  }
  const depth = boundedDepth(parsed);
  if (!depth.ok) return depth;
  const findings: Finding[] = [];
  const raw = tfvarsValues(parsed, [], findings);
  return findings.length ? { ok: false, findings } : { ok: true, raw };
}

const decoder = new TextDecoder("utf-8", { fatal: true });

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    // A BOM is not part of the spec; editors on some systems add one.
    return decoder.decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return undefined;
  }
}

export async function loadSpec(file: string): Promise<Loaded> {
  const parsed = await parseSpec(file);
  if (!parsed.ok) return parsed;
  const read = readSpecFiles(parsed.raw, file);
  return read.ok ? { ok: true, raw: parsed.raw, files: read.files } : read;
}

async function parseSpec(file: string): Promise<Parsed> {
  const extension = path.extname(file).toLowerCase();
  const format = specFormats[extension as keyof typeof specFormats];
  if (!format)
    return fail(
      `${path.basename(file)} has an unknown extension`,
      `name it ${Object.keys(specFormats)
        .map((e) => `*${e}`)
        .join(", ")}`,
    );
  let read;
  try {
    read = readRegularFile(file, { limit: maxSpecBytes });
  } catch (error) {
    if (isSystemError(error)) return fail(ioMessage(error, file));
    throw error;
  }
  if (read.kind === "missing") return fail(`${file} does not exist`);
  if (read.kind === "not-regular") return fail(`${file} is ${read.what}; a spec must be a regular file`);
  if (read.kind === "too-large") return fail(`${file} is larger than ${maxSpecBytes} bytes, the most a spec may be`);
  const text = decodeUtf8(read.bytes);
  if (text === undefined) return fail(`${file} is not valid UTF-8 text`, "save the spec as UTF-8");
  if (format === "json") return parseJson(text);
  return format === "yaml" ? parseYaml(text) : parseHcl(path.basename(file), text);
}
