// The VMs must fit on the hypervisor; without its size, gen-infra prints what they need.
import type { Finding } from "../findings";
import type { Cluster } from "../model/model";
import type { Rule } from "./rule";
import { lab, the, type LabCondition, type LabText, type SymbolRef } from "./lab-terms";
import { clusterTotals } from "../model/totals";

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * What the hypervisor offers, in the totals' own whole units (MiB, vCPUs, GiB). Computed here once and written into
 * the HCL as an integer literal, so the compiler and Terraform compare the same whole numbers: no rounding, and no
 * number that HCL would read differently.
 */
function capacityLimits(hypervisor: NonNullable<Cluster["spec"]["hypervisor"]>) {
  return {
    memoryMiB: Math.floor(hypervisor.memory_gib * 1024 * hypervisor.memory_overcommit),
    vcpus: Math.floor(hypervisor.vcpus * hypervisor.cpu_overcommit),
    diskGiB: Math.floor(hypervisor.disk_gib * hypervisor.disk_overcommit),
  };
}

export const capacityRule: Rule<Cluster> = {
  id: "capacity",
  summary:
    "With a `hypervisor` section, the VMs' memory, vCPUs and virtual disk fit it (times its overcommit ratios), or the error shows the totals and the shortfall; without one, the totals are printed as a note.",
  check: (cluster) => {
    const totals = clusterTotals(cluster);
    const need = `the VMs need ${round(totals.memoryGiB)} GiB of memory, ${totals.vcpus} vCPUs and ${round(totals.diskGiB)} GiB of virtual disk`;
    const hypervisor = cluster.spec.hypervisor;
    if (!hypervisor)
      return [
        {
          severity: "note",
          path: [],
          value: undefined,
          message: `${need} (add a hypervisor section to check that they fit)`,
        },
      ];
    const limits = capacityLimits(hypervisor);
    // Compared in whole units, as Terraform compares them; shown in the units people size hypervisors in.
    const resources: [keyof typeof hypervisor, number, number, number, string][] = [
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
              path: ["hypervisor", key],
              value: hypervisor[key],
              message: `the VMs need ${round(needed / perUnit)} ${unit} but the hypervisor offers ${round(available / perUnit)}: ${round((needed - available) / perUnit)} short (${need})`,
              fix: "give the VMs less, build fewer workers, or raise the overcommit ratio if you accept it",
            },
          ],
    );
  },
  // The totals over the inputs, so that a -var override is measured too: the target sums its VMs as it builds them.
  preconditions: ({ spec: { hypervisor } }) => {
    if (!hypervisor) return {};
    const limits = capacityLimits(hypervisor);
    const limit = (total: SymbolRef, available: number, perUnit: number, unit: string): LabCondition => {
      const inUnits = (expression: LabText) => (perUnit === 1 ? expression : lab`(${expression}) / ${perUnit}`);
      return {
        condition: lab`${total} <= ${available}`,
        message: lab`The VMs need \${${inUnits(lab`${total}`)}} ${unit} but the hypervisor offers ${round(available / perUnit)}: \${${inUnits(lab`${total} - ${available}`)}} short.`,
      };
    };
    return {
      masters: [
        limit(the.totalMemoryMiB, limits.memoryMiB, 1024, "GiB of memory"),
        limit(the.totalVcpus, limits.vcpus, 1, "vCPUs"),
        limit(the.totalDiskGiB, limits.diskGiB, 1, "GiB of virtual disk"),
      ],
    };
  },
};
