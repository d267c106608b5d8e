// What a rule's plan-time conditions speak of: named quantities of the lab (a network's prefix, a role's count,
// the release), never a target's variables or resources. A target binds every symbol to an expression of its own
// (a variable, a local) and every entity to the resource that stands for it, so a condition written once here is
// enforced by whichever target builds the lab.
import type { diskRoles } from "../input/spec";
import { releaseLines, type Release } from "../releases";

type DiskRole = (typeof diskRoles)[number];

const symbolNames = [
  "chuckyNetwork",
  "provisionNetwork",
  "chuckyNetworkV6",
  "provisionNetworkV6",
  "workerCount",
  "extraWorkerCount",
  "workerVms",
  "ocpVersion",
  "ocpMajor",
  "ocpMinor",
  "bondingRequested",
  "clusterName",
  "dnsZone",
  "domainType",
  "cpuMode",
  "firmware",
  "masterDataDisks",
  "arbiterDataDisks",
  "workerDataDisks",
  "architecture",
  "bmcDriver",
  "provisioning",
  "ingressVipHost",
  "provisioningDhcpEndHost",
  "fixedMacs",
  "repeatedMacs",
  "overlappingNetworks",
  "totalMemoryMiB",
  "totalVcpus",
  "totalDiskGiB",
  "hostNeeds",
] as const;
export type LabSymbol = (typeof symbolNames)[number];

/** What the VMs on one hypervisor need: `hostNeeds` is these by the hypervisor's name. */
export type HostNeed = "memory_mib" | "vcpus" | "disk_gib";

/** One hypervisor's need, from `hostNeeds`. */
export const hostNeed = (host: string, need: HostNeed): LabText => lab`${the.hostNeeds}["${host}"].${need}`;

/** A role's list of data disk sizes (GiB). */
export const dataDisksSymbol = (role: DiskRole): LabSymbol & `${DiskRole}DataDisks` => `${role}DataDisks`;

/** The lab's entities a condition can guard: the target checks it before it creates the entity's resource. */
export type LabEntity = "chuckyNetwork" | "masters" | "arbiter" | "workers";

export interface SymbolRef {
  readonly symbol: LabSymbol;
}

/** Condition or message text with the lab's symbols left as references for a target to bind. */
export type LabText = readonly (string | SymbolRef)[];

/** Every symbol, as a reference: `the.chuckyNetwork`. */
export const the = Object.fromEntries(symbolNames.map((symbol) => [symbol, { symbol }])) as {
  readonly [S in LabSymbol]: SymbolRef;
};

const isText = (value: unknown): value is LabText => Array.isArray(value);

/** A tagged template: plain values are spliced in as text; symbols, and the symbols of nested text, stay references. */
export function lab(
  strings: TemplateStringsArray,
  ...values: readonly (SymbolRef | LabText | string | number)[]
): LabText {
  const parts: (string | SymbolRef)[] = [];
  const push = (part: string | SymbolRef) => {
    const last = parts[parts.length - 1];
    if (typeof part === "string" && typeof last === "string") parts[parts.length - 1] = last + part;
    else if (part !== "") parts.push(part);
  };
  strings.forEach((text, i) => {
    push(text);
    if (i >= values.length) return;
    const value = values[i]!;
    if (isText(value)) value.forEach(push);
    else push(typeof value === "object" ? value : String(value));
  });
  return parts;
}

/** Text without symbols as a string: a finding's message built from the same words as a condition's. */
export function plain(text: LabText): string {
  return text
    .map((part) => {
      if (typeof part !== "string") throw new Error(`plain text holds the symbol ${part.symbol}`);
      return part;
    })
    .join("");
}

/** A symbol's value inside a message: an interpolation where the target prints one. */
export const shown = (ref: SymbolRef): LabText => lab`\${${ref}}`;

/**
 * The lab's release is `since` or newer: (major, minor) compared in order. Below the oldest major release line no
 * version is accepted, so a gate on that line needs no test of the major's equality. A disjunction: parenthesize it
 * inside a conjunction.
 */
export function releaseFrom(since: Release): LabText {
  if (since.minor === 0) return lab`${the.ocpMajor} >= ${since.major}`;
  const minorFrom = lab`${the.ocpMinor} >= ${since.minor}`;
  const sameMajor =
    since.major === releaseLines[0].major ? minorFrom : lab`${the.ocpMajor} == ${since.major} && ${minorFrom}`;
  return lab`${the.ocpMajor} > ${since.major} || ${sameMajor}`;
}

/** A condition over the lab, and what the plan says when it is false. */
export interface LabCondition {
  /** An expression that must be true. */
  readonly condition: LabText;
  /** The message, in the same terms as the rule's finding; `shown` symbols are interpolated. */
  readonly message: LabText;
}
