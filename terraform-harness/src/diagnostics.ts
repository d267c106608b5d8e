// Terraform's diagnostics as text a person can read in a test failure or
// in `gen-infra verify` output.
import type { StepResult } from "./terraform-run";

interface JsonDiagnostic {
  severity?: string;
  summary?: string;
  detail?: string;
  range?: { filename?: string; start?: { line?: number } };
  snippet?: { context?: string | null; code?: string; start_line?: number };
}

function formatDiagnostic(d: JsonDiagnostic): string {
  const lines = [`${d.severity === "warning" ? "Warning" : "Error"}: ${d.summary ?? "(no summary)"}`];
  if (d.range?.filename) {
    const where = `  on ${d.range.filename} line ${d.range.start?.line ?? "?"}`;
    lines.push(d.snippet?.context ? `${where}, in ${d.snippet.context}:` : `${where}:`);
    if (d.snippet?.code !== undefined) {
      d.snippet.code.split("\n").forEach((code, i) => lines.push(`  ${(d.snippet?.start_line ?? 0) + i}: ${code}`));
    }
  }
  if (d.detail) lines.push("", d.detail);
  return lines.join("\n");
}

function validateDiagnostics(stdout: string): JsonDiagnostic[] | null {
  try {
    const diagnostics = (JSON.parse(stdout) as { diagnostics?: unknown }).diagnostics;
    return Array.isArray(diagnostics) ? (diagnostics as JsonDiagnostic[]) : null;
  } catch {
    return null;
  }
}

/** `terraform validate -json` output rendered like Terraform's human output. */
function formatValidateJson(stdout: string): string | null {
  const diagnostics = validateDiagnostics(stdout);
  return diagnostics ? diagnostics.map(formatDiagnostic).join("\n\n") : null;
}

/** Only the warnings of a successful validate, as text ("" when there are none). */
export function validateWarnings(stdout: string): string {
  return (validateDiagnostics(stdout) ?? [])
    .filter((d) => d.severity === "warning")
    .map(formatDiagnostic)
    .join("\n\n");
}

/** The most useful text a failed step produced: Terraform writes errors to stderr, plan diffs to stdout. */
export function stepDiagnostics(result: StepResult): string {
  if (result.step === "validate") {
    const formatted = formatValidateJson(result.stdout);
    if (formatted) return [formatted, result.stderr.trim()].filter(Boolean).join("\n\n");
  }
  const text = result.stderr.trim() || result.stdout.trim();
  return text || `terraform ${result.args.join(" ")} exited with status ${result.exitCode} and printed nothing`;
}
