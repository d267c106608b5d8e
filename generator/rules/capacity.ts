// The VMs must fit on the hypervisor; without its size, gen-infra prints what they need.
import type { Finding } from "../findings";
import { diskBytes, GiB, type Cluster } from "../model/model";
import type { Rule, TerraformCondition } from "./rule";
import { clusterTotals } from "../model/totals";
import { roleDiskGiBHcl, rolesHcl } from "../model/roles-hcl";

const round = (n: number) => Math.round(n * 10) / 10;

/** HCL for the same totals, over the variables, so that a -var override is measured too. */
function totalsHcl(cluster: Cluster) {
  const roles = rolesHcl(cluster);
  const services = (attribute: string) => `var.provision_resources.${attribute} + var.support_resources.${attribute}`;
  const perRole = (attribute: string) => roles.map((r) => `${r.count} * ${r.resources}.${attribute}`).join(" + ");
  const serviceDisks = `${diskBytes.provision / GiB} + ${diskBytes.support / GiB}`;
  // Without a disks section every node has the seed's one disk, and the sum keeps the seed's shape.
  const nodeDisks = cluster.spec.disks
    ? roles.map((r) => `${r.count} * ${roleDiskGiBHcl(r)}`).join(" + ")
    : `(${roles.map((r) => r.count).join(" + ")}) * ${diskBytes.master / GiB}`;
  return {
    memoryMiB: `${perRole("memory")} + ${services("memory")}`,
    vcpus: `${perRole("vcpu")} + ${services("vcpu")}`,
    diskGiB: `${nodeDisks} + ${serviceDisks}`,
  };
}

/**
 * What the hypervisor offers, in the totals' own whole units (MiB, vCPUs, GiB). Computed here once and written into
 * the HCL as an integer literal, so the compiler and Terraform compare the same whole numbers: no rounding, and no
 * number that HCL would read differently.
 */
export function capacityLimits(hypervisor: NonNullable<Cluster["spec"]["hypervisor"]>) {
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
  locals: (cluster) => {
    const totals = totalsHcl(cluster);
    return [
      "  # What the VMs need in total, measured against the hypervisor's size when the spec gives it.",
      `  total_memory_mib = ${totals.memoryMiB}`,
      `  total_vcpus      = ${totals.vcpus}`,
      `  total_disk_gib   = ${totals.diskGiB}`,
    ].join("\n");
  },
  preconditions: ({ spec: { hypervisor } }): Record<string, TerraformCondition[]> => {
    if (!hypervisor) return {};
    const limits = capacityLimits(hypervisor);
    const limit = (total: string, available: number, perUnit: number, unit: string) => {
      const inUnits = (expression: string) => (perUnit === 1 ? expression : `(${expression}) / ${perUnit}`);
      return {
        condition: `${total} <= ${available}`,
        message: `The VMs need \${${inUnits(total)}} ${unit} but the hypervisor offers ${round(available / perUnit)}: \${${inUnits(`${total} - ${available}`)}} short.`,
      };
    };
    return {
      "libvirt_domain.master_domains": [
        limit("local.total_memory_mib", limits.memoryMiB, 1024, "GiB of memory"),
        limit("local.total_vcpus", limits.vcpus, 1, "vCPUs"),
        limit("local.total_disk_gib", limits.diskGiB, 1, "GiB of virtual disk"),
      ],
    };
  },
};
