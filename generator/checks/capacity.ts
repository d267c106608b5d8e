// The VMs must fit on the hypervisor; without its size, gen-infra prints what they need.
import type { Finding } from "../findings";
import { diskBytes, GiB, masterCount, type Cluster } from "../model";
import type { Rule, TerraformCondition } from "./rule";

export interface Totals {
  readonly memoryGiB: number;
  readonly vcpus: number;
  readonly diskGiB: number;
}

export const clusterTotals = (cluster: Cluster): Totals => ({
  memoryGiB: cluster.nodes.reduce((sum, n) => sum + n.memoryMiB, 0) / 1024,
  vcpus: cluster.nodes.reduce((sum, n) => sum + n.vcpu, 0),
  diskGiB: cluster.nodes.reduce((sum, n) => sum + n.diskBytes, 0) / GiB,
});

const round = (n: number) => Math.round(n * 10) / 10;

/** HCL for the same totals, over the variables, so that a -var override is measured too (see libvirt.tf's locals). */
export const totalsHcl = {
  memoryMiB: `${masterCount} * var.master_resources.memory + var.number_of_workers * var.worker_resources.memory + var.provision_resources.memory + var.support_resources.memory`,
  vcpus: `${masterCount} * var.master_resources.vcpu + var.number_of_workers * var.worker_resources.vcpu + var.provision_resources.vcpu + var.support_resources.vcpu`,
  diskGiB: `(${masterCount} + var.number_of_workers) * ${diskBytes.master / GiB} + ${diskBytes.provision / GiB} + ${diskBytes.support / GiB}`,
};

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
    const resources: [keyof typeof hypervisor, number, number, string][] = [
      ["memory_gib", totals.memoryGiB, hypervisor.memory_gib * hypervisor.memory_overcommit, "GiB of memory"],
      ["vcpus", totals.vcpus, hypervisor.vcpus * hypervisor.cpu_overcommit, "vCPUs"],
      ["disk_gib", totals.diskGiB, hypervisor.disk_gib * hypervisor.disk_overcommit, "GiB of virtual disk"],
    ];
    return resources.flatMap(([key, needed, available, unit]): Finding[] =>
      needed <= available
        ? []
        : [
            {
              severity: "error",
              path: ["hypervisor", key],
              value: hypervisor[key],
              message: `the VMs need ${round(needed)} ${unit} but the hypervisor offers ${round(available)}: ${round(needed - available)} short (${need})`,
              fix: "give the VMs less, build fewer workers, or raise the overcommit ratio if you accept it",
            },
          ],
    );
  },
  preconditions: ({ hypervisor }): Record<string, TerraformCondition[]> => {
    if (!hypervisor) return {};
    const limit = (total: string, available: number, unit: string) => ({
      condition: `${total} <= ${round(available)}`,
      message: `The VMs need \${${total}} ${unit} but the hypervisor offers ${round(available)}: \${${total} - ${round(available)}} short.`,
    });
    return {
      "libvirt_domain.master_domains": [
        limit("local.total_memory_mib / 1024", hypervisor.memory_gib * hypervisor.memory_overcommit, "GiB of memory"),
        limit("local.total_vcpus", hypervisor.vcpus * hypervisor.cpu_overcommit, "vCPUs"),
        limit("local.total_disk_gib", hypervisor.disk_gib * hypervisor.disk_overcommit, "GiB of virtual disk"),
      ],
    };
  },
};
