// Findings are how gen-infra reports a user's mistake: data, never exceptions. Only the CLI turns them into text.

/** Errors stop generation; warnings do not (unless --strict); notes are information only. */
export type Severity = "error" | "warning" | "note";
export type KeyPath = readonly (string | number)[];

export interface Finding {
  readonly severity: Severity;
  /** Where in the spec, e.g. ["master_resources", "memory"]; empty for the spec as a whole. */
  readonly path: KeyPath;
  /** The value the spec gave, or undefined when the key is missing. */
  readonly value: unknown;
  readonly message: string;
  /** What to do about it, when there is something specific to say. */
  readonly fix?: string;
}

/** Text from a spec or a path, safe to print: control characters (a terminal's escape codes) are shown escaped. */
const printable = (text: string): string =>
  // eslint-disable-next-line no-control-regex
  text.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );

/** At most `length` characters of a text a user gave, marked where it was cut. */
export const cut = (text: string, length = 80): string =>
  text.length > length ? `${text.slice(0, length - 3)}...` : text;

export const formatPath = (path: KeyPath): string =>
  path.length === 0
    ? "(spec)"
    : path.map((key, i) => (typeof key === "number" ? `[${key}]` : i ? `.${printable(key)}` : printable(key))).join("");

function formatValue(value: unknown): string {
  if (value === undefined) return "(missing)";
  return cut(JSON.stringify(value) ?? String(value));
}

/**
 * A value as a finding carries it: small values as they are, large ones (a spec pointed at some other file holds
 * whatever that file holds) as a short preview, so that neither the terminal nor --json repeats them in full.
 */
export function reportedValue(value: unknown): unknown {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text !== undefined && text.length > 200 ? `${cut(text, 80)} (${text.length} characters)` : value;
}

export function formatFinding(finding: Finding): string {
  const given = finding.value === undefined ? "" : ` (given ${formatValue(finding.value)})`;
  const where = finding.path.length || given ? `${formatPath(finding.path)}${given}: ` : "";
  const fix = finding.fix ? `\n    fix: ${printable(finding.fix)}` : "";
  return `${finding.severity}: ${where}${printable(finding.message)}${fix}`;
}

export const hasErrors = (findings: readonly Finding[]): boolean => findings.some((f) => f.severity === "error");

const severityOrder: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/** Errors first, then warnings, then notes; each group in the order the checks found them. */
export const sortFindings = (findings: readonly Finding[]): Finding[] =>
  [...findings].sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity]);
