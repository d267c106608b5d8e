// Markdown in the layout prettier gives it, so the cluster report is prettier-clean as written.

const escapeCell = (text: string) => (text.includes("|") ? text.replace(/\|/g, "\\|") : text);

/** A table with every column padded to its widest cell, as prettier formats tables. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [header, ...rows].map((row) => row.map(escapeCell));
  const widths = header.map(() => 3);
  for (const row of cells) row.forEach((cell, i) => (widths[i] = Math.max(widths[i]!, cell.length)));
  const line = (row: readonly string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  const lines = cells.map(line);
  lines.splice(1, 0, line(widths.map((w) => "-".repeat(w))));
  return lines.join("\n");
}

/** Within this width prettier keeps an array of plain values on one line. */
const printWidth = 120;

/**
 * JSON as prettier lays it out: objects across lines, arrays of plain values on one line when the line fits.
 * `column` is where the value starts on its line.
 */
export function prettierJson(value: unknown, indent = "", column = indent.length): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const flat = `[${value.map((item) => JSON.stringify(item)).join(", ")}]`;
    // The trailing comma that may follow counts towards the width.
    if (value.every((item) => item === null || typeof item !== "object") && column + flat.length + 1 <= printWidth)
      return flat;
    return `[\n${value.map((item) => `${inner}${prettierJson(item, inner)}`).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  const lines = entries.map(([k, v]) => {
    const lead = `${inner}${JSON.stringify(k)}: `;
    return `${lead}${prettierJson(v, inner, lead.length)}`;
  });
  return `{\n${lines.join(",\n")}\n${indent}}`;
}

/** Inline code, fenced with more backticks than the text holds in a row, so any text stays one code span. */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}
