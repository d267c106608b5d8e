// The pure pipeline from a raw spec object to findings and rendered files: validate → check → model → check → the
// lab description → the lab files every target shares, and the target's own.
import { validate } from "./input/validate";
import type { SpecFiles } from "./input/ca-bundle";
import { buildCluster, type Cluster } from "./model/model";
import { describeLab, type Lab } from "./lab/lab";
import { labFileNames, labFiles, retiredLabFileNames } from "./artefacts/lab-files";
import { hostPreparationFilePattern } from "./artefacts/host-preparations";
import type { OwnName } from "./output/manifest";
import type { Target } from "./targets/target";
import { libvirt08 } from "./targets/libvirt-0.8";
import { checkCluster, checkSpec } from "./rules";
import { hasErrors, sortFindings, type Finding } from "./findings";

export interface Compiled {
  readonly findings: readonly Finding[];
  /** Present when the spec has no errors. */
  readonly cluster?: Cluster;
  /** Present when the model has no errors. */
  readonly lab?: Lab;
  readonly files?: ReadonlyMap<string, string>;
}

export interface CompileOptions {
  /** Warnings count as errors (for CI). */
  readonly strict?: boolean;
  readonly target?: Target;
  /** The text of the files the spec names (bmc.ca_file), which the CLI read beside it. */
  readonly files?: SpecFiles;
}

export const defaultTarget: Target = libvirt08;

/** Every name gen-infra may create, replace or delete in an output folder for a target. */
export const ownOutputNames = (target: Target = defaultTarget): readonly OwnName[] => [
  ...target.fileNames,
  ...labFileNames,
  ...retiredLabFileNames,
  hostPreparationFilePattern,
];

/** A lab on more hypervisors than the target builds on: placed and checked, but not written. */
function hypervisorFindings(lab: Lab, target: Target): Finding[] {
  const used = lab.hypervisors.length;
  if (used <= target.hypervisorsAtMost) return [];
  return [
    {
      severity: "error",
      path: ["hypervisors"],
      value: lab.hypervisors.map((host) => host.name),
      message: `lists ${used} hypervisors, but the ${target.id} target writes a lab on at most ${target.hypervisorsAtMost}`,
      fix: `list at most ${target.hypervisorsAtMost}`,
    },
  ];
}

const strictly = (findings: Finding[]): Finding[] =>
  findings.map((f) => (f.severity === "warning" ? { ...f, severity: "error" } : f));

export function compile(raw: unknown, sourceName: string, options: CompileOptions = {}): Compiled {
  const validated = validate(raw);
  if (!validated.ok) return { findings: validated.findings };
  const grade = (findings: Finding[]) => sortFindings(options.strict ? strictly(findings) : findings);
  const specFindings = grade(checkSpec(validated.spec, validated.given));
  if (hasErrors(specFindings)) return { findings: specFindings };
  const cluster = buildCluster(validated.spec, options.files);
  const findings = grade([...specFindings, ...checkCluster(cluster)]);
  if (hasErrors(findings)) return { findings, cluster };
  const lab = describeLab(cluster);
  const target = options.target ?? defaultTarget;
  const unsupported = hypervisorFindings(lab, target);
  if (unsupported.length) return { findings: grade([...findings, ...unsupported]), cluster };
  const files = new Map<string, string>([...target.render(lab, cluster, sourceName), ...labFiles(cluster, sourceName)]);
  return { findings, cluster, lab, files };
}
