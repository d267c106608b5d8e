// Stage 1: a spec file → a raw object, parsed by its extension. No validation happens here.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Finding } from "./findings";

export const maxSpecBytes = 1024 * 1024;

export type Loaded = { ok: true; raw: unknown } | { ok: false; findings: Finding[] };

const fail = (message: string, fix?: string): Loaded => ({
  ok: false,
  findings: [{ severity: "error", path: [], value: undefined, message, ...(fix ? { fix } : {}) }],
});

export const specFormats = {
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

export function parseJson(text: string): Loaded {
  try {
    return { ok: true, raw: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message;
    const position =
      /at position (\d+)/.exec(message)?.[1] ?? (/end of JSON input/.test(message) ? text.length : undefined);
    const where = position === undefined ? "" : ` at ${lineColumn(text, Number(position))}`;
    return fail(`is not valid JSON${where}: ${message.replace(/ in JSON at position \d+.*$/, "")}`);
  }
}

async function parseYaml(text: string): Promise<Loaded> {
  const { LineCounter, parseDocument } = await import("yaml");
  const lineCounter = new LineCounter();
  // uniqueKeys: a key given twice is an error, not a silent "last one wins".
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (document.errors.length) {
    return {
      ok: false,
      findings: document.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return {
          severity: "error",
          path: [],
          value: undefined,
          message: `is not valid YAML at line ${line}, column ${col}: ${error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`,
        };
      }),
    };
  }
  return { ok: true, raw: document.toJS({ maxAliasCount: 100 }) };
}

async function parseHcl(fileName: string, text: string): Promise<Loaded> {
  // The WASM parser is loaded only for HCL specs, so a JSON run never pays for it.
  const { parse } = await import("@cdktf/hcl2json");
  try {
    return { ok: true, raw: await parse(fileName, text) };
  } catch (error) {
    return fail(`is not a valid Terraform variables file: ${String((error as Error).message ?? error).trim()}`);
  }
}

export async function loadSpec(file: string): Promise<Loaded> {
  const extension = path.extname(file).toLowerCase();
  const format = specFormats[extension as keyof typeof specFormats];
  if (!format)
    return fail(
      `${path.basename(file)} has an unknown extension`,
      `name it ${Object.keys(specFormats)
        .map((e) => `*${e}`)
        .join(", ")}`,
    );
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return fail(`cannot read ${file}`);
  }
  if (size > maxSpecBytes)
    return fail(`${path.basename(file)} is ${size} bytes; a spec may be at most ${maxSpecBytes} bytes`);
  const text = readFileSync(file, "utf8");
  if (format === "json") return parseJson(text);
  return format === "yaml" ? parseYaml(text) : parseHcl(path.basename(file), text);
}
