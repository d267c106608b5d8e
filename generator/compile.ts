// The pure pipeline from a raw spec object to findings and rendered files: validate → check → model → check → render.
import { validate } from "./validate";
import { buildCluster, type Cluster } from "./model";
import { render, type OutputFile } from "./render";
import { checkNetworks } from "./checks/networks";
import { checkMacs } from "./checks/macs";
import { hasErrors, sortFindings, type Finding } from "./findings";

export interface Compiled {
  readonly findings: readonly Finding[];
  /** Present when the spec has no errors. */
  readonly cluster?: Cluster;
  readonly files?: ReadonlyMap<OutputFile, string>;
}

export function compile(raw: unknown, sourceName: string): Compiled {
  const validated = validate(raw);
  if (!validated.ok) return { findings: validated.findings };
  const specFindings = checkNetworks(validated.spec);
  if (hasErrors(specFindings)) return { findings: sortFindings(specFindings) };
  const cluster = buildCluster(validated.spec);
  const findings = sortFindings([...specFindings, ...checkMacs(cluster)]);
  if (hasErrors(findings)) return { findings };
  return { findings, cluster, files: render(cluster, sourceName) };
}
