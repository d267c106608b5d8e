// The VMs must fit on the hypervisor; without its size, gen-infra prints what they need.
import type { Finding, KeyPath } from "../findings";
import { capacityLimits, type Cluster, type Hypervisor } from "../model/model";
import type { Rule } from "./rule";
import { hostNeed, lab, the, type HostNeed, type LabCondition, type LabText, type SymbolRef } from "./lab-terms";
import { clusterTotals, type Totals } from "../model/totals";
import { openHypervisors } from "../model/overlay";
import { hypervisorPath } from "./hypervisors";

const round = (n: number) => Math.round(n * 10) / 10;

type Capacity = NonNullable<Hypervisor["capacity"]>;

const totalsText = (totals: Totals) =>
  `the VMs need ${round(totals.memoryGiB)} GiB of memory, ${totals.vcpus} vCPUs and ${round(totals.diskGiB)} GiB of virtual disk`;

/** The findings for one host's VMs against its capacity, at `path` (the capacity section). */
function shortfalls(capacity: Capacity, totals: Totals, path: KeyPath, host: string): Finding[] {
  const limits = capacityLimits(capacity);
  // Compared in whole units, as Terraform compares them; shown in the units people size hypervisors in.
  const resources: [keyof Capacity, number, number, number, string][] = [
    ["memory_gib", totals.memoryGiB * 1024, limits.memoryMiB, 1024, "GiB of memory"],
    ["vcpus", totals.vcpus, limits.vcpus, 1, "vCPUs"],
    ["disk_gib", totals.diskGiB, limits.diskGiB, 1, "GiB of virtual disk"],
  ];
  return resources.flatMap(([key, needed, available, perUnit, unit]): Finding[] =>
    needed <= available
      ? []
      : [
          {
            severity: "error",
            path: [...path, key],
            value: capacity[key],
            message: `the VMs need ${round(needed / perUnit)} ${unit} but ${host} offers ${round(available / perUnit)}: ${round((needed - available) / perUnit)} short (${totalsText(totals)})`,
            fix: "give the VMs less, build fewer workers, or raise the overcommit ratio if you accept it",
          },
        ],
  );
}

/** Each hypervisor's VMs against its own capacity; every open host sized, or none. */
function perHypervisor(cluster: Cluster): Finding[] {
  const open = openHypervisors(cluster);
  const sized = open.filter((host) => host.capacity);
  const path = (host: Hypervisor) => hypervisorPath(cluster, host, "capacity");
  const totalsOn = (host: Hypervisor) =>
    clusterTotals({ nodes: cluster.nodes.filter((n) => n.hypervisor === host.name) });
  if (sized.length === 0)
    return [
      {
        severity: "note",
        path: [],
        value: undefined,
        message: `${open.map((host) => `on ${host.name} ${totalsText(totalsOn(host))}`).join("; ")} (add a capacity to each hypervisor to check that they fit)`,
      },
    ];
  if (sized.length < open.length)
    return open
      .filter((host) => !host.capacity)
      .map((host) => ({
        severity: "error",
        path: path(host),
        value: undefined,
        message: `is required when another hypervisor has one: placement fills hosts by their free capacity, and ${host.name} has none`,
        fix: "give every hypervisor a capacity, or none (then workers go round-robin)",
      }));
  return sized.flatMap((host) => shortfalls(host.capacity!, totalsOn(host), path(host), host.name));
}

/** A host's VMs against its capacity, when Terraform plans: the lab's totals on one host, the named host's needs on several. */
function capacityConditions(capacity: Capacity, host: string | undefined): LabCondition[] {
  const limits = capacityLimits(capacity);
  const limit = (total: SymbolRef, need: HostNeed, available: number, perUnit: number, unit: string): LabCondition => {
    const needed = host === undefined ? lab`${total}` : hostNeed(host, need);
    const inUnits = (expression: LabText) => (perUnit === 1 ? expression : lab`(${expression}) / ${perUnit}`);
    return {
      condition: lab`${needed} <= ${available}`,
      message: lab`${host === undefined ? "The VMs" : `The VMs on ${host}`} need \${${inUnits(needed)}} ${unit} but ${host ?? "the hypervisor"} offers ${round(available / perUnit)}: \${${inUnits(lab`${needed} - ${available}`)}} short.`,
    };
  };
  return [
    limit(the.totalMemoryMiB, "memory_mib", limits.memoryMiB, 1024, "GiB of memory"),
    limit(the.totalVcpus, "vcpus", limits.vcpus, 1, "vCPUs"),
    limit(the.totalDiskGiB, "disk_gib", limits.diskGiB, 1, "GiB of virtual disk"),
  ];
}

export const capacityRule: Rule<Cluster> = {
  id: "capacity",
  summary:
    "With a `hypervisor` section (or a `capacity` on each of the `hypervisors`), the VMs on each host fit it (times its overcommit ratios), or the error shows the totals and the shortfall; without one, the totals are printed as a note.",
  check: (cluster) => {
    if (cluster.spec.hypervisors) return perHypervisor(cluster);
    const totals = clusterTotals(cluster);
    const hypervisor = cluster.spec.hypervisor;
    if (!hypervisor)
      return [
        {
          severity: "note",
          path: [],
          value: undefined,
          message: `${totalsText(totals)} (add a hypervisor section to check that they fit)`,
        },
      ];
    return shortfalls(hypervisor, totals, ["hypervisor"], "the hypervisor");
  },
  // The totals over the inputs, so that a -var override is measured too: the target sums its VMs as it builds them,
  // on one host in all, on several per host (placement is fixed, but a -var may add workers or grow the VMs).
  preconditions: (cluster) => {
    const several = cluster.hypervisors.length > 1;
    const conditions = (several ? openHypervisors(cluster) : cluster.hypervisors).flatMap((host) =>
      host.capacity ? capacityConditions(host.capacity, several ? host.name : undefined) : [],
    );
    return conditions.length ? { masters: conditions } : {};
  },
};
