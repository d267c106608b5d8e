// The Terraform variables of input-vars.tf: one per seed key, described as the spec describes it, defaulting to the
// spec's value, with `validation` blocks that accept exactly what the compiler accepts.
import { formats, type Format } from "../../spec/formats";
import {
  architectures,
  cpuModes,
  fieldInfo,
  limits,
  seedFields,
  seedKeys,
  type SeedKey,
  type Spec,
} from "../../spec/spec";
import { hclStringBody, type HclLiteral } from "../../syntax/hcl";
import { allRules } from "../../rules";
import type { TerraformCondition } from "../../rules/rule";

export interface Variable {
  readonly name: SeedKey;
  readonly description: string;
  readonly type: string;
  readonly default: HclLiteral;
  readonly validations: readonly TerraformCondition[];
}

const resourcesType = "object({\n    memory = number\n    vcpu   = number\n  })";

const wholeNumberIn = (ref: string, range: { min: number; max: number }) =>
  `${ref} >= ${range.min} && ${ref} <= ${range.max} && floor(${ref}) == ${ref}`;

const hclPattern = (format: Format) => format.pattern.replace(/\\/g, "\\\\");

/** What each key's Terraform validation checks; `allowed` texts come from the spec so messages match the compiler's. */
interface Rule {
  readonly condition: string;
  readonly allowed: string;
  /** The key path the message names, when narrower than the variable. */
  readonly subject?: string;
}

function rules(key: SeedKey): { type: string; conditions: Rule[] } {
  const ref = `var.${key}`;
  const allowed = fieldInfo.get(seedFields[key])!.allowed;
  const oneOf = (values: readonly string[]) => ({
    type: "string",
    conditions: [{ condition: `contains([${values.map((v) => `"${v}"`).join(", ")}], ${ref})`, allowed }],
  });
  const matching = (format: Format) => ({
    type: "string",
    conditions: [
      {
        condition: `can(regex("${hclPattern(format)}", ${ref}))${format.maxLength ? ` && length(${ref}) <= ${format.maxLength}` : ""}`,
        allowed,
      },
    ],
  });
  switch (key) {
    case "architecture":
      return oneOf(architectures);
    case "cpu_mode":
      return oneOf(cpuModes);
    case "bonding_nic":
      return { type: "bool", conditions: [] };
    case "number_of_workers":
      return { type: "number", conditions: [{ condition: wholeNumberIn(ref, limits.workers), allowed }] };
    case "master_resources":
    case "provision_resources":
    case "support_resources":
    case "worker_resources": {
      const memory = fieldInfo.get(seedFields[key].def.innerType.shape.memory)!.allowed;
      const vcpu = fieldInfo.get(seedFields[key].def.innerType.shape.vcpu)!.allowed;
      return {
        type: resourcesType,
        conditions: [
          { condition: wholeNumberIn(`${ref}.memory`, limits.memoryMiB), subject: `${key}.memory`, allowed: memory },
          { condition: wholeNumberIn(`${ref}.vcpu`, limits.vcpu), subject: `${key}.vcpu`, allowed: vcpu },
        ],
      };
    }
    case "chucky_net_addr":
    case "provision_net_addr":
      return matching(formats.ipv4Cidr);
    case "cluster_name":
      return matching(formats.clusterName);
    case "dns_zone":
      return matching(formats.dnsZone);
    case "master_chucky_mac_base":
    case "master_provision_mac_base":
      return matching(formats.masterMacBase);
    case "worker_chucky_mac_base":
    case "worker_provision_mac_base":
      return matching(formats.workerMacBase);
    case "provision_mac":
      return matching(formats.mac);
    case "ocp_version":
      return matching(formats.ocpVersion);
    case "support_net_config_nameserver":
      return matching(formats.ipv4);
    case "rhel8_image_location":
      return { type: "string", conditions: [{ condition: `length(${ref}) > 0`, allowed }] };
  }
}

export function variables(spec: Spec): Variable[] {
  return seedKeys.map((name) => {
    const { type, conditions } = rules(name);
    return {
      name,
      description: fieldInfo.get(seedFields[name])!.description,
      type,
      default: spec[name],
      validations: [
        ...conditions.map(({ condition, allowed, subject }) => ({
          condition,
          message: hclStringBody(`${subject ?? name} must be ${allowed}.`),
        })),
        ...allRules.flatMap((rule) => rule.validations?.[name] ?? []),
      ],
    };
  });
}
