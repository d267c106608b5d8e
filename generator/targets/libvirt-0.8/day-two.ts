// Day 2 on an applied lab: what Terraform must leave alone on the VMs and volumes that hold an installed cluster,
// each with why, as the `lifecycle { ignore_changes }` entries the templates print.
//
// The 0.8.3 provider replaces a domain for a new memory, vcpu, disk, cpu, type, firmware or nvram, and a volume
// for a new size; it has no update code for network_interface or boot_device, and an in-place update of a
// domain that is shut off starts it. So every argument a -var override reaches on these resources is ignored
// once they exist: the change acts on VMs and volumes created after it.

import { defaultRoleDisks, diskRoles, type Spec } from "../../input/spec";
import type { HclCondition } from "./conditions";
import type { LabEntity } from "../../rules/lab-terms";

/** Arguments ignored together, for one reason. */
export interface IgnoredGroup {
  readonly attributes: readonly string[];
  readonly why: string;
}

/** What a resource's `lifecycle` block ignores, as the lifecycle template prints it. */
export interface Ignored {
  readonly attributes: readonly string[];
  /** Comment lines: the rule, then one line per group. */
  readonly why: readonly string[];
}

const RESIZE = "resize it by hand (gen-infra's docs/day-two.md)";

const ignored = (intro: string, groups: readonly IgnoredGroup[]): Ignored => ({
  attributes: groups.flatMap((group) => group.attributes),
  why: [intro, ...groups.map((group) => `${group.attributes.join(", ")}: ${group.why}.`)],
});

const resources: IgnoredGroup = {
  attributes: ["memory", "vcpu"],
  why: `*_resources; the provider would replace the VM: ${RESIZE}`,
};
const domainType: IgnoredGroup = {
  attributes: ["type"],
  why: "domain_type; the provider would replace the VM",
};
const cpu: IgnoredGroup = {
  attributes: ["cpu"],
  why: 'cpu_mode, and a running host-model VM reads back as mode "custom"; the provider would replace the VM',
};
const nics: IgnoredGroup = {
  attributes: ["network_interface"],
  why: "MACs, bonding, the provisioning NIC; the provider cannot update NICs",
};

const clusterNodeGroups: readonly IgnoredGroup[] = [
  { attributes: ["running"], why: "the installer's BMC powers the node on and off" },
  { attributes: ["disk"], why: "sushy-tools inserts and ejects virtual media; the provider would replace the node" },
  resources,
  domainType,
  cpu,
  { ...nics, why: `${nics.why}, and an update starts the node` },
  { attributes: ["boot_device"], why: "the provisioning mode and BMC driver; the same as network_interface" },
];
const NODE_INTRO = "Changes to these act on nodes created after them: an installed node keeps its own.";

/** The nodes of the agent lab: nobody's BMC, the agent ISO as a CD-ROM, always UEFI. */
const agentClusterNodeGroups: readonly IgnoredGroup[] = [
  { attributes: ["running"], why: "you start the node to boot the agent ISO, and the installer reboots it" },
  {
    attributes: ["disk"],
    why: "the agent ISO's CD-ROM, which may be ejected once the node is installed; the provider would replace the node",
  },
  resources,
  domainType,
  cpu,
  { ...nics, why: "MACs, bonding; the provider cannot update NICs, and an update starts the node" },
  { attributes: ["boot_device"], why: "disk, then the CD-ROM; the same as network_interface" },
  {
    attributes: ["firmware", "nvram"],
    why: "uefi_loader, uefi_nvram_template; the provider would replace the node",
  },
];

export const dayTwo = {
  /** The support VM (DHCP and DNS) and the provision VM (the installer): their state goes with them. */
  serviceVm: ignored("Changes to these act on a VM created after them: this one holds state a new one would lack.", [
    resources,
    domainType,
    cpu,
    nics,
  ]),
  clusterNode: ignored(NODE_INTRO, clusterNodeGroups),
  /** The same for a spec with the firmware key: sushy-tools rewrites the loader and NVRAM when Ironic sets the boot mode. */
  uefiClusterNode: ignored(NODE_INTRO, [
    ...clusterNodeGroups,
    {
      attributes: ["firmware", "nvram"],
      why: "sushy-tools rewrites them when Ironic sets the boot mode; the provider would replace the node",
    },
  ]),
  agentClusterNode: ignored(NODE_INTRO, agentClusterNodeGroups),
  /** The agent ISO in a pool: the nodes' CD-ROMs read it. */
  agentIso: ignored("A new ISO acts on a lab created after it: the nodes' CD-ROMs hold this one.", [
    {
      attributes: ["source"],
      why: "agent_iso; a new ISO for a new install: replace the volume on purpose with -replace",
    },
  ]),
  /** A cluster node's disks: OS disks and data disks. */
  clusterVolume: ignored("A new size acts on volumes created after it: an installed node's disk keeps its data.", [
    { attributes: ["size"], why: `*_disks; the provider would re-create the volume empty: ${RESIZE}` },
  ]),
  /** The base image of the support and provision VMs, whose volumes are copy-on-write layers over it. */
  baseImage: ignored("A new image acts on a lab created after it: the VMs' volumes are layers over this one.", [
    {
      attributes: ["source"],
      why: "rhel8_image_location; a new base would replace both VMs (do that on purpose with -replace)",
    },
  ]),
} as const;

/**
 * The number of data disks per node, fixed at the spec's. The data volumes are numbered node by node, so a -var
 * with another number would renumber every node's volumes, and the provider would delete them and create them
 * empty: the plan fails instead, saying where the number can change.
 */
export function dataDiskCountPreconditions(spec: Spec): Partial<Record<LabEntity, HclCondition[]>> {
  const { disks } = spec;
  if (!disks) return {};
  // On the masters, which every lab has: a precondition of the volumes themselves is not checked for the
  // instances a smaller count drops, and those are the ones it would delete.
  return {
    masters: diskRoles
      .filter((role) => role !== "arbiter" || spec.arbiter)
      .map((role) => {
        const count = (disks[role] ?? defaultRoleDisks).extra_gib.length;
        const given = `length(var.${role}_disks.extra_gib)`;
        return {
          condition: `${given} == ${count}`,
          message:
            `disks.${role}.extra_gib has \${${given}} data disks, but this configuration was written for ${count}: ` +
            `another number would renumber the ${role}s' data volumes and re-create them empty. Change it in the ` +
            "spec and run gen-infra again, for a new lab; the sizes can change with -var.",
        };
      }),
  };
}
