// The rules' conditions (rules/lab-terms.ts) bound to this target: each lab symbol to a variable or a local of
// libvirt.tf, each lab entity to the resource whose lifecycle block checks it, and the locals that compute the
// symbols Terraform has no function for.
import type { Cluster } from "../../model/model";
import { namesManagement } from "../../input/management";
import { allRules } from "../../rules";
import { addressNumber } from "../../rules/networks";
import type { HostNeed, LabCondition, LabEntity, LabSymbol, LabText } from "../../rules/lab-terms";
import { diskBytes, GiB } from "../../model/model";
import { hclAttributes, hclString, hclValue } from "../../syntax/hcl";
import { openHypervisors } from "../../model/overlay";
import { countOnHostHcl } from "./hosts";
import { local } from "./locals";
import { networkVariables, networkVariablesV6 } from "./plans";
import { roleDiskGiBHcl, rolesHcl, workerVmsHcl, type RoleHcl } from "./roles";
import { dataDiskCountPreconditions } from "./day-two";

/** A condition as HCL: the expression, and the message as the body of a quoted string. */
export interface HclCondition {
  readonly condition: string;
  readonly message: string;
}

export const entityResources = {
  chuckyNetwork: "libvirt_network.chucky",
  masters: "libvirt_domain.master_domains",
  arbiter: "libvirt_domain.arbiter_domains",
  workers: "libvirt_domain.worker_domains",
} as const satisfies Record<LabEntity, string>;

/** HCL that is true where the provisioning network exists: the seed's test of architecture, or the mode's. */
const provisioningHcl = (cluster: Cluster): string =>
  cluster.installer === "agent"
    ? "false"
    : namesManagement(cluster.spec)
      ? local("provisioning")
      : 'var.architecture == "vbmc"';

export type Bindings = Readonly<Record<LabSymbol, string>>;

/** Every symbol of the lab as this target's HCL. */
export function symbolBindings(cluster: Cluster): Bindings {
  return {
    chuckyNetwork: networkVariables.chucky,
    provisionNetwork: networkVariables.provision,
    chuckyNetworkV6: networkVariablesV6.chucky,
    provisionNetworkV6: networkVariablesV6.provision,
    workerCount: "var.number_of_workers",
    extraWorkerCount: "var.extra_workers",
    workerVms: workerVmsHcl(cluster),
    ocpVersion: "var.ocp_version",
    ocpMajor: local("ocp_major_version"),
    ocpMinor: local("ocp_minor_version"),
    bondingRequested: "var.bonding_nic",
    clusterName: "var.cluster_name",
    dnsZone: "var.dns_zone",
    domainType: "var.domain_type",
    cpuMode: "var.cpu_mode",
    firmware: "var.firmware",
    masterDataDisks: "var.master_disks.extra_gib",
    arbiterDataDisks: "var.arbiter_disks.extra_gib",
    workerDataDisks: "var.worker_disks.extra_gib",
    architecture: "var.architecture",
    bmcDriver: "var.bmc_driver",
    provisioning: provisioningHcl(cluster),
    ingressVipHost: local("ingress_vip_host"),
    provisioningDhcpEndHost: local("provisioning_dhcp_end_host"),
    fixedMacs: local("fixed_macs"),
    repeatedMacs: local("repeated_macs"),
    overlappingNetworks: local("overlapping_networks"),
    totalMemoryMiB: local("total_memory_mib"),
    totalVcpus: local("total_vcpus"),
    totalDiskGiB: local("total_disk_gib"),
    hostNeeds: local("host_needs"),
  };
}

/** Lab text as this target's HCL. */
export const printed = (text: LabText, bindings: Bindings): string =>
  text.map((part) => (typeof part === "string" ? part : bindings[part.symbol])).join("");

const printedCondition = (c: LabCondition, bindings: Bindings): HclCondition => ({
  condition: printed(c.condition, bindings),
  message: printed(c.message, bindings),
});

/** Every rule's preconditions for this cluster, and day 2's, by the resource address that holds them. */
export function preconditionsFor(
  cluster: Cluster,
  bindings: Bindings,
  resources: Readonly<Record<LabEntity, string>>,
): Record<string, HclCondition[]> {
  const byResource: Record<string, HclCondition[]> = {};
  const add = (entity: LabEntity, conditions: readonly HclCondition[]) =>
    (byResource[resources[entity]] ??= []).push(...conditions);
  for (const rule of allRules) {
    const byEntity = rule.preconditions?.(cluster) ?? {};
    for (const entity of Object.keys(byEntity) as LabEntity[])
      add(
        entity,
        (byEntity[entity] ?? []).map((c) => printedCondition(c, bindings)),
      );
  }
  const dayTwo = dataDiskCountPreconditions(cluster.spec);
  for (const entity of Object.keys(dayTwo) as LabEntity[]) add(entity, dayTwo[entity] ?? []);
  return byResource;
}

/** The variable a binding reads, itself or one of its attributes. */
const variableRead = (binding: string): string | undefined => /^var\.([a-z_0-9]+)(\.[a-z_0-9]+)*$/.exec(binding)?.[1];

/** The variable a symbol stands for, where it stands for one. */
export const variableOf = (symbol: LabSymbol, cluster: Cluster): string | undefined =>
  variableRead(symbolBindings(cluster)[symbol]);

/** The rules' validations, by the variable they validate. */
export function validationsByVariable(bindings: Bindings): Map<string, HclCondition[]> {
  const byVariable = new Map<string, HclCondition[]>();
  for (const rule of allRules) {
    for (const symbol of Object.keys(rule.validations ?? {}) as LabSymbol[]) {
      const variable = variableRead(bindings[symbol]);
      if (variable === undefined) throw new Error(`rule ${rule.id} validates ${symbol}, which no variable holds`);
      const conditions = (rule.validations?.[symbol] ?? []).map((c) => printedCondition(c, bindings));
      byVariable.set(variable, [...(byVariable.get(variable) ?? []), ...conditions]);
    }
  }
  return byVariable;
}

/** Every rule's warnings, as `check` blocks named after the rule. */
export const warningsFor = (bindings: Bindings) =>
  allRules.flatMap((rule) =>
    (rule.warnings ?? []).map((warning) => ({
      name: rule.id.replace(/-/g, "_"),
      ...printedCondition(warning, bindings),
    })),
  );

type Needs = Readonly<Record<HostNeed, string>>;

/** What some VMs need as HCL: each role's count (by `countOf`) times its resources and disks, and the service VMs'. */
function needsHcl(
  cluster: Cluster,
  roles: readonly RoleHcl[],
  countOf: (r: RoleHcl) => string,
  services: boolean,
): Needs {
  const present = roles.map((r) => ({ r, count: countOf(r) })).filter(({ count }) => count !== "0");
  const sum = (terms: readonly string[]) => terms.join(" + ") || "0";
  // The agent lab has no provision VM.
  const serviceVms = cluster.installer === "agent" ? ["support"] : ["provision", "support"];
  const serviceTerms = (attribute: string) =>
    services ? serviceVms.map((vm) => `var.${vm}_resources.${attribute}`) : [];
  const perRole = (attribute: string) => present.map(({ r, count }) => `${count} * ${r.resources}.${attribute}`);
  const nodeDisks = cluster.spec.disks
    ? present.map(({ r, count }) => `${count} * ${roleDiskGiBHcl(r)}`)
    : present.length
      ? [`(${present.map(({ count }) => count).join(" + ")}) * ${diskBytes.master / GiB}`]
      : [];
  return {
    memory_mib: sum([...perRole("memory"), ...serviceTerms("memory")]),
    vcpus: sum([...perRole("vcpu"), ...serviceTerms("vcpu")]),
    disk_gib: sum([
      ...nodeDisks,
      ...(services ? [serviceVms.map((vm) => diskBytes[vm as "provision" | "support"] / GiB).join(" + ")] : []),
    ]),
  };
}

/** On several hypervisors, what the VMs on each open one need: the service VMs are on the gateway host. */
function hostNeedsLocal(cluster: Cluster, roles: readonly RoleHcl[]): string[] {
  const hosts = openHypervisors(cluster);
  return [
    "  # What the VMs on each hypervisor need, measured against its capacity when the spec gives one.",
    "  host_needs = {",
    ...hosts.flatMap((host, i) => [
      `    ${hclString(host.name)} = {`,
      ...hclAttributes(
        Object.entries(needsHcl(cluster, roles, (r) => countOnHostHcl(cluster, r, host.name), i === 0)),
        "      ",
      ).split("\n"),
      "    }",
    ]),
    "  }",
  ];
}

/**
 * The locals that compute the symbols Terraform has no function for, as blocks of the `locals` block (indented two
 * spaces, each with a comment saying what it is for).
 */
export function symbolLocals(cluster: Cluster, bindings: Bindings): string[] {
  const roles = rolesHcl(cluster);
  const networkNumber = (host: 0 | -1) => printed(addressNumber("network.cidr", host), bindings);
  const blocks = [
    [
      "  # Our networks and those already on the hypervisor as ranges of address numbers, to find overlaps, which a",
      "  # precondition rejects (Terraform has no function for it). Each of ours is compared with the networks after it,",
      "  # so the work grows with the number of existing networks, not with its square.",
      "  our_networks = concat(",
      `    [{ name = "chucky", cidr = ${networkVariables.chucky} }],`,
      ...(cluster.installer === "agent"
        ? []
        : [`    ${bindings.provisioning} ? [{ name = "provision", cidr = ${networkVariables.provision} }] : [],`]),
      "  )",
      "  compared_networks = concat(",
      "    local.our_networks,",
      `    [for cidr in ${hclValue(cluster.spec.existing_networks)} : { name = "existing network", cidr = cidr }],`,
      "  )",
      "  network_ranges = [",
      "    for network in local.compared_networks : merge(network, {",
      `      first = ${networkNumber(0)}`,
      `      last  = ${networkNumber(-1)}`,
      "    })",
      "  ]",
      "  overlapping_networks = flatten([",
      "    for i in range(length(local.our_networks)) : [",
      '      for b in slice(local.network_ranges, i + 1, length(local.network_ranges)) : "${local.network_ranges[i].name} ${local.network_ranges[i].cidr} and ${b.name} ${b.cidr}"',
      "      if local.network_ranges[i].first <= b.last && b.first <= local.network_ranges[i].last",
      "    ]",
      "  ])",
    ],
    [
      "  # The fixed MACs used more than once, which a precondition rejects.",
      `  repeated_macs = [for mac, uses in { for mac in ${bindings.fixedMacs} : mac => mac... } : mac if length(uses) > 1]`,
    ],
    ...(cluster.options.management
      ? [
          [
            "  # The provisioning network exists for Managed and Unmanaged; the nodes network-boot (PXE) from it unless",
            "  # their BMC driver boots them from virtual media.",
            '  provisioning = var.provisioning_network != "Disabled"',
            '  pxe          = local.provisioning && var.bmc_driver != "redfish-virtualmedia"',
          ],
        ]
      : []),
    cluster.hypervisors.length > 1
      ? hostNeedsLocal(cluster, roles)
      : [
          "  # What the VMs need in total, measured against the hypervisor's size when the spec gives it.",
          ...hclAttributes(
            Object.entries(needsHcl(cluster, roles, (r) => r.count, true)).map(([need, hcl]) => [`total_${need}`, hcl]),
            "  ",
          ).split("\n"),
        ],
  ];
  return blocks.map((lines) => lines.join("\n"));
}
