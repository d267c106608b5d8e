// The pure pipeline from a raw spec object to findings and rendered files: validate → check → model → check → render.
import { validate } from "./spec/validate";
import { buildCluster, type Cluster } from "./model/model";
import { render, type OutputFile } from "./targets/libvirt-0.8/render";
import { checkCluster, checkSpec } from "./rules";
import { hasErrors, sortFindings, type Finding } from "./findings";

export interface Compiled {
  readonly findings: readonly Finding[];
  /** Present when the spec has no errors. */
  readonly cluster?: Cluster;
  readonly files?: ReadonlyMap<OutputFile, string>;
}

export interface CompileOptions {
  /** Warnings count as errors (for CI). */
  readonly strict?: boolean;
}

const strictly = (findings: Finding[]): Finding[] =>
  findings.map((f) => (f.severity === "warning" ? { ...f, severity: "error" } : f));

export function compile(raw: unknown, sourceName: string, options: CompileOptions = {}): Compiled {
  const validated = validate(raw);
  if (!validated.ok) return { findings: validated.findings };
  const grade = (findings: Finding[]) => sortFindings(options.strict ? strictly(findings) : findings);
  const specFindings = grade(checkSpec(validated.spec));
  if (hasErrors(specFindings)) return { findings: specFindings };
  const cluster = buildCluster(validated.spec);
  const findings = grade([...specFindings, ...checkCluster(cluster)]);
  if (hasErrors(findings)) return { findings, cluster };
  return { findings, cluster, files: render(cluster, sourceName) };
}
