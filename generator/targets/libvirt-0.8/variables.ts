// The Terraform variables of input-vars.tf: one per seed key, then those of the node keys the spec gives, described
// as the spec describes them, defaulting to the spec's value, with `validation` blocks that accept exactly what the
// compiler accepts.
import { formats, type Format } from "../../input/formats";
import {
  architectures,
  bmcDrivers,
  cpuModeOf,
  cpuModes,
  defaultRoleDisks,
  diskRoles,
  domainTypes,
  fieldInfo,
  firmwares,
  installerFields,
  ipFields,
  ipv6Defaults,
  limits,
  managementFields,
  nodeFields,
  provisioningModes,
  seedFields,
  seedKeys,
  type SeedKey,
} from "../../input/spec";
import { hclStringBody, type HclLiteral } from "../../syntax/hcl";
import type { Cluster } from "../../model/model";
import { symbolBindings, validationsByVariable, type HclCondition } from "./conditions";

export interface Variable {
  readonly name: string;
  readonly description: string;
  readonly type: string;
  readonly default: HclLiteral;
  readonly validations: readonly HclCondition[];
}

const resourcesType = "object({\n    memory = number\n    vcpu   = number\n  })";
const disksType = "object({\n    os_gib    = number\n    extra_gib = list(number)\n  })";

const wholeNumberIn = (ref: string, range: { min: number; max: number }) =>
  `${ref} >= ${range.min} && ${ref} <= ${range.max} && floor(${ref}) == ${ref}`;

const hclPattern = (format: Format) => format.pattern.replace(/\\/g, "\\\\");

/** The memory and vcpu checks of a resources object; `subject` is its key path in the spec. */
function resourceRules(
  ref: string,
  subject: string,
  shape: (typeof seedFields)["master_resources"]["def"]["innerType"]["shape"],
): { type: string; conditions: Rule[] } {
  return {
    type: resourcesType,
    conditions: [
      {
        condition: wholeNumberIn(`${ref}.memory`, limits.memoryMiB),
        subject: `${subject}.memory`,
        allowed: fieldInfo.get(shape.memory)!.allowed,
      },
      {
        condition: wholeNumberIn(`${ref}.vcpu`, limits.vcpu),
        subject: `${subject}.vcpu`,
        allowed: fieldInfo.get(shape.vcpu)!.allowed,
      },
    ],
  };
}

/** What each key's Terraform validation checks; `allowed` texts come from the spec so messages match the compiler's. */
interface Rule {
  readonly condition: string;
  readonly allowed: string;
  /** The key path the message names, when narrower than the variable. */
  readonly subject?: string;
}

const oneOf = (ref: string, values: readonly string[], allowed: string) => ({
  type: "string",
  conditions: [{ condition: `contains([${values.map((v) => `"${v}"`).join(", ")}], ${ref})`, allowed }],
});
const matching = (ref: string, format: Format) => ({
  type: "string",
  conditions: [
    {
      condition: `can(regex("${hclPattern(format)}", ${ref}))${format.maxLength ? ` && length(${ref}) <= ${format.maxLength}` : ""}`,
      allowed: format.allowed,
    },
  ],
});

function rules(key: SeedKey): { type: string; conditions: Rule[] } {
  const ref = `var.${key}`;
  const allowed = fieldInfo.get(seedFields[key])!.allowed;
  switch (key) {
    case "architecture":
      return oneOf(ref, architectures, allowed);
    case "cpu_mode":
      return oneOf(ref, cpuModes, allowed);
    case "domain_type":
      return oneOf(ref, domainTypes, allowed);
    case "bonding_nic":
      return { type: "bool", conditions: [] };
    case "number_of_workers":
      return { type: "number", conditions: [{ condition: wholeNumberIn(ref, limits.workers), allowed }] };
    case "master_resources":
    case "provision_resources":
    case "support_resources":
    case "worker_resources":
      return resourceRules(ref, key, seedFields[key].def.innerType.shape);
    case "chucky_net_addr":
    case "provision_net_addr":
      return matching(ref, formats.ipv4Cidr);
    case "cluster_name":
      return matching(ref, formats.clusterName);
    case "dns_zone":
      return matching(ref, formats.dnsZone);
    case "master_chucky_mac_base":
    case "master_provision_mac_base":
      return matching(ref, formats.masterMacBase);
    case "worker_chucky_mac_base":
    case "worker_provision_mac_base":
      return matching(ref, formats.workerMacBase);
    case "provision_mac":
      return matching(ref, formats.mac);
    case "ocp_version":
      return matching(ref, formats.ocpVersion);
    case "support_net_config_nameserver":
      return matching(ref, formats.ipv4);
    case "rhel8_image_location":
      return { type: "string", conditions: [{ condition: `length(${ref}) > 0`, allowed }] };
  }
}

interface VariableDefinition {
  readonly name: string;
  readonly description: string;
  readonly default: HclLiteral;
  readonly type: string;
  readonly conditions: readonly Rule[];
}

/**
 * The node keys' variables, for the keys the spec gives: a spec without them keeps the seed's variables only. The
 * agent lab's nodes are UEFI, so it has the firmware variables always, and takes no other firmware.
 */
function nodeVariables(cluster: Cluster): VariableDefinition[] {
  const { spec } = cluster;
  const described = (key: keyof typeof nodeFields) => fieldInfo.get(nodeFields[key])!.description;
  const result: VariableDefinition[] = [];
  if (cluster.options.firmware) {
    result.push(
      {
        name: "firmware",
        description: described("firmware"),
        default: spec.firmware ?? "uefi",
        ...(cluster.installer === "agent"
          ? oneOf("var.firmware", ["uefi"], '"uefi": the agent-based installer takes UEFI nodes only')
          : oneOf("var.firmware", firmwares, fieldInfo.get(nodeFields.firmware)!.allowed)),
      },
      {
        name: "uefi_loader",
        description: described("uefi_loader"),
        default: spec.uefi_loader,
        ...matching("var.uefi_loader", formats.absolutePath),
      },
      {
        name: "uefi_nvram_template",
        description: described("uefi_nvram_template"),
        default: spec.uefi_nvram_template,
        ...matching("var.uefi_nvram_template", formats.absolutePath),
      },
    );
  }
  if (spec.arbiter) {
    result.push({
      name: "arbiter_resources",
      description: described("arbiter"),
      default: spec.arbiter,
      ...resourceRules("var.arbiter_resources", "arbiter", nodeFields.arbiter.def.innerType.shape),
    });
  }
  if (spec.disks) {
    for (const role of diskRoles.filter((r) => r !== "arbiter" || spec.arbiter)) {
      const ref = `var.${role}_disks`;
      const field = nodeFields.disks.def.innerType.shape[role];
      const shape = field.def.innerType.shape;
      result.push({
        name: `${role}_disks`,
        description: fieldInfo.get(field)!.description,
        default: spec.disks[role] ?? defaultRoleDisks,
        type: disksType,
        conditions: [
          {
            condition: wholeNumberIn(`${ref}.os_gib`, limits.diskGiB),
            subject: `disks.${role}.os_gib`,
            allowed: fieldInfo.get(shape.os_gib)!.allowed,
          },
          {
            condition: `length(${ref}.extra_gib) <= ${limits.extraDisks} && alltrue([for gib in ${ref}.extra_gib : ${wholeNumberIn("gib", limits.diskGiB)}])`,
            subject: `disks.${role}.extra_gib`,
            allowed: fieldInfo.get(shape.extra_gib)!.allowed,
          },
        ],
      });
    }
  }
  if (spec.extra_workers !== undefined) {
    result.push({
      name: "extra_workers",
      description: described("extra_workers"),
      default: spec.extra_workers,
      type: "number",
      conditions: [
        {
          condition: wholeNumberIn("var.extra_workers", limits.extraWorkers),
          allowed: fieldInfo.get(nodeFields.extra_workers)!.allowed,
        },
      ],
    });
  }
  return result;
}

/** The seed's keys for the provision VM, the provisioning network and the BMCs, which the agent lab has none of. */
const ipiOnlySeedKeys: ReadonlySet<SeedKey> = new Set([
  "architecture",
  "provision_net_addr",
  "provision_mac",
  "provision_resources",
  "master_provision_mac_base",
  "worker_provision_mac_base",
]);

function seedVariables(cluster: Cluster): VariableDefinition[] {
  const keys = cluster.installer === "agent" ? seedKeys.filter((key) => !ipiOnlySeedKeys.has(key)) : seedKeys;
  return keys.map((name) => ({
    name,
    description: fieldInfo.get(seedFields[name])!.description,
    // architecture and cpu_mode may be left out of the spec: their defaults follow from other keys.
    default:
      name === "architecture"
        ? cluster.management.architecture
        : name === "cpu_mode"
          ? cpuModeOf(cluster.spec)
          : cluster.spec[name]!,
    ...rules(name),
  }));
}

/** The provisioning network mode and the BMC driver, when the spec names either: both, resolved. */
function managementVariables(cluster: Cluster): VariableDefinition[] {
  if (!cluster.options.management) return [];
  const { provisioningNetwork, bmcDriver } = cluster.management;
  const described = (key: keyof typeof managementFields) => fieldInfo.get(managementFields[key])!;
  return [
    {
      name: "provisioning_network",
      description: described("provisioning_network").description,
      default: provisioningNetwork,
      ...oneOf("var.provisioning_network", provisioningModes, described("provisioning_network").allowed),
    },
    {
      name: "bmc_driver",
      description: described("bmc_driver").description,
      default: bmcDriver,
      ...oneOf("var.bmc_driver", bmcDrivers, described("bmc_driver").allowed),
    },
  ];
}

/**
 * The IPv6 prefixes the lab addresses, where the stack has IPv6: chucky's, and the provisioning network's where it
 * is IPv6. The pod and service networks are install-config.yaml's alone, so they are no variables.
 */
function ipVariables(cluster: Cluster): VariableDefinition[] {
  if (!cluster.families.includes(6)) return [];
  const v6Network = (key: "chucky_net_addr_v6" | "provision_net_addr_v6"): VariableDefinition => ({
    name: key,
    description: fieldInfo.get(ipFields[key])!.description,
    default: cluster.spec[key] ?? ipv6Defaults[key],
    ...matching(`var.${key}`, formats.ipv6Cidr),
  });
  return [
    v6Network("chucky_net_addr_v6"),
    ...(cluster.installer === "ipi" && cluster.provisioningFamily === 6 ? [v6Network("provision_net_addr_v6")] : []),
  ];
}

/** The agent ISO, which the agent lab uploads into each hypervisor's pool. */
function agentVariables(cluster: Cluster): VariableDefinition[] {
  if (!cluster.agent) return [];
  const field = installerFields.agent.def.innerType.shape.iso;
  return [
    {
      name: "agent_iso",
      description: fieldInfo.get(field)!.description,
      default: cluster.agent.isoPath,
      type: "string",
      conditions: [{ condition: "length(var.agent_iso) > 0", allowed: fieldInfo.get(field)!.allowed }],
    },
  ];
}

export function variables(cluster: Cluster): Variable[] {
  const ruleValidations = validationsByVariable(symbolBindings(cluster));
  return [
    ...seedVariables(cluster),
    ...nodeVariables(cluster),
    ...managementVariables(cluster),
    ...ipVariables(cluster),
    ...agentVariables(cluster),
  ].map(({ name, description, type, default: value, conditions }) => ({
    name,
    description,
    type,
    default: value,
    validations: [
      ...conditions.map(({ condition, allowed, subject }) => ({
        condition,
        message: hclStringBody(`${subject ?? name} must be ${allowed}.`),
      })),
      ...(ruleValidations.get(name) ?? []),
    ],
  }));
}
