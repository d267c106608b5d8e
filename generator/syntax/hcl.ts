// HCL literals. Every spec value that lands in HCL goes through here, so a value containing `"`, `\`, `${` or `%{`
// comes out as that literal text and never as an interpolation or template directive.

export function hclString(value: string): string {
  const escaped = value
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, () => "%%{");
  return `"${escaped}"`;
}

/** Text for inside an HCL quoted string that may also hold interpolations of its own. */
export const hclStringBody = (value: string): string => hclString(value).slice(1, -1);

export type HclLiteral = string | number | boolean | readonly HclLiteral[] | { readonly [key: string]: HclLiteral };

// Array.isArray does not narrow readonly arrays.
const isList = (value: HclLiteral): value is readonly HclLiteral[] => Array.isArray(value);

/**
 * A number as an exact decimal literal. The schema bounds every number, so anything else (Infinity, 1e+21, a
 * fraction JavaScript can only approximate in decimal) reaching here is a defect, not a value to write.
 */
export function hclNumber(value: number): string {
  const text = String(value);
  if (!Number.isFinite(value) || !/^-?[0-9]+(\.[0-9]+)?$/.test(text))
    throw new Error(`no exact HCL literal for ${text}`);
  return text;
}

/** A literal in `terraform fmt` layout: lists on one line, objects across lines with their `=` aligned. */
export function hclValue(value: HclLiteral, indent = ""): string {
  if (typeof value === "string") return hclString(value);
  if (typeof value === "number") return hclNumber(value);
  if (typeof value !== "object") return String(value);
  if (isList(value)) return `[${value.map((item) => hclValue(item, indent)).join(", ")}]`;
  const keys = Object.keys(value);
  const width = Math.max(...keys.map((k) => k.length));
  const inner = `${indent}  `;
  const lines = keys.map((k) => `${inner}${k.padEnd(width)} = ${hclValue(value[k]!, inner)}`);
  return `{\n${lines.join("\n")}\n${indent}}`;
}

/**
 * Consecutive attribute lines as `terraform fmt` lays them out: the `=` of single-line values aligned within each
 * unbroken run, while a value spanning lines ends the run and is not padded.
 */
export function hclAttributes(attributes: readonly (readonly [string, string])[], indent: string): string {
  const singleLine = ([, value]: readonly [string, string]) => !value.includes("\n");
  const lines: string[] = [];
  let run: (readonly [string, string])[] = [];
  const flush = () => {
    const width = Math.max(0, ...run.map(([key]) => key.length));
    for (const [key, value] of run) lines.push(`${indent}${key.padEnd(width)} = ${value}`);
    run = [];
  };
  for (const attribute of attributes) {
    if (singleLine(attribute)) {
      run.push(attribute);
      continue;
    }
    flush();
    lines.push(`${indent}${attribute[0]} = ${attribute[1]}`);
  }
  flush();
  return lines.join("\n");
}
