// Text for people at a terminal: colour only when the stream is a TTY, plain when piped.
import { formatFinding, type Finding, type Severity } from "../findings";

const codes = { red: 31, yellow: 33, cyan: 36, bold: 1, dim: 2 } as const;
export type Style = keyof typeof codes;

export const paint = (text: string, style: Style, colour: boolean): string =>
  colour ? `\u001b[${codes[style]}m${text}\u001b[0m` : text;

const severityStyle: Record<Severity, Style> = { error: "red", warning: "yellow", note: "cyan" };

/** Findings grouped by severity (they arrive sorted), each prefixed with the spec file's name. */
export function formatFindings(findings: readonly Finding[], source: string, colour: boolean): string {
  const lines: string[] = [];
  findings.forEach((finding, i) => {
    if (colour && i > 0 && findings[i - 1]!.severity !== finding.severity) lines.push("");
    const text = formatFinding(finding);
    const severity = `${finding.severity}:`;
    lines.push(`${source}: ${paint(severity, severityStyle[finding.severity], colour)}${text.slice(severity.length)}`);
  });
  return lines.length ? `${lines.join("\n")}\n` : "";
}

/** Columns padded to their widest cell, the header set off. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], colour: boolean): string {
  const widths = header.map((_, c) => Math.max(...[header, ...rows].map((row) => row[c]!.length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join("  ")
      .trimEnd();
  return [paint(line(header), "bold", colour), ...rows.map(line)].join("\n");
}
