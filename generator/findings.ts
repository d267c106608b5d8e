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

export const formatPath = (path: KeyPath): string =>
  path.length === 0
    ? "(spec)"
    : path.map((key, i) => (typeof key === "number" ? `[${key}]` : i ? `.${key}` : key)).join("");

export function formatValue(value: unknown): string {
  if (value === undefined) return "(missing)";
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

export function formatFinding(finding: Finding): string {
  const given = finding.value === undefined ? "" : ` (given ${formatValue(finding.value)})`;
  const where = finding.path.length || given ? `${formatPath(finding.path)}${given}: ` : "";
  const fix = finding.fix ? `\n    fix: ${finding.fix}` : "";
  return `${finding.severity}: ${where}${finding.message}${fix}`;
}

export const hasErrors = (findings: readonly Finding[]): boolean => findings.some((f) => f.severity === "error");

const severityOrder: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/** Errors first, then warnings, then notes; each group in the order the checks found them. */
export const sortFindings = (findings: readonly Finding[]): Finding[] =>
  [...findings].sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity]);
