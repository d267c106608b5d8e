// The spec reference in docs/spec.md, generated from the schema so that it can never disagree with what gen-infra
// accepts.
import {
  defaultRoleDisks,
  diskRoles,
  extraFields,
  installerFields,
  ipFields,
  fieldInfo,
  managementFields,
  nodeFields,
  seedFields,
  specDefaults,
  specSchema,
} from "../input/spec";
import { unionOptions, type Shape } from "../input/schema-shape";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/</g, "&lt;");
const required = Symbol("required");
const shown = (value: unknown) =>
  value === required ? "required" : value === undefined ? "none" : `\`${JSON.stringify(value)}\``;

function rows(shape: Shape, defaults: Record<string, unknown>, prefix: string): string[] {
  return Object.entries(shape).flatMap(([key, schema]) => {
    const info = fieldInfo.get(schema);
    if (!info) return [];
    return [`| \`${prefix}${key}\` | ${shown(defaults[key])} | ${cell(info.allowed)} | ${cell(info.description)} |`];
  });
}

const header = ["| key | default | allowed | description |", "| --- | --- | --- | --- |"];

export function specReference(): string {
  const defaults = specDefaults();
  const connectionTables = unionOptions(extraFields.connection)!.options.map(({ value: mode, shape }) => {
    const sample = mode === "uri" ? { mode, uri: "qemu:///system" } : { mode };
    const modeDefaults = specSchema.parse({ connection: sample }).connection as Record<string, unknown>;
    const { mode: _mode, ...rest } = shape;
    return [
      `With \`"mode": "${mode}"\`:`,
      "",
      ...header,
      ...rows(rest, { ...modeDefaults, uri: required }, "connection."),
    ].join("\n");
  });
  const hypervisorDefaults = specSchema.parse({ hypervisors: [{ name: "kvm1" }] }).hypervisors![0]!;
  return [
    "Keys that stay Terraform variables in `input-vars.tf`: the seed's input variables, `cpu_mode` and `domain_type`:",
    "",
    ...header,
    ...rows(seedFields, defaults, ""),
    "",
    "Keys for the nodes as labs build them today. Each is optional, and becomes Terraform variables (`firmware`,",
    "`uefi_loader`, `uefi_nvram_template`, `<role>_disks`, `arbiter_resources`, `extra_workers`) only when the spec",
    "gives it: without them the output is the seed's.",
    "",
    ...header,
    ...rows(nodeFields, defaults, ""),
    ...rows(nodeFields.arbiter.def.innerType.shape, specSchema.parse({ arbiter: {} }).arbiter!, "arbiter."),
    ...diskRoles.flatMap((role) =>
      rows(nodeFields.disks.def.innerType.shape[role].def.innerType.shape, defaultRoleDisks, `disks.${role}.`),
    ),
    "",
    "The provisioning network and the BMC driver, the two halves of `architecture`. Each is optional; given either,",
    "both become Terraform variables (`provisioning_network`, `bmc_driver`), and what is not given follows from what is:",
    "",
    ...header,
    ...rows(managementFields, defaults, ""),
    "",
    "The address families (see [IPv6 and dual stack](ipv6.md)). `ip_stack` is written into the files as a literal; the",
    "IPv6 networks become Terraform variables only when the stack has IPv6, so that without them the output is IPv4's:",
    "",
    ...header,
    ...rows(ipFields, defaults, ""),
    "",
    "The installer (see [The agent-based installer](agent.md)). Each is optional; without them the lab is the IPI",
    "lab above:",
    "",
    ...header,
    ...rows(installerFields, defaults, ""),
    ...rows(installerFields.agent.def.innerType.shape, specSchema.parse({ agent: {} }).agent!, "agent."),
    "",
    "Keys gen-infra adds (written into the HCL as literals):",
    "",
    ...header,
    ...rows(extraFields, defaults, ""),
    "",
    "Each entry of `hypervisors` (see [A lab on several hypervisors](several-hypervisors.md)); its `connection` is as the",
    "one below:",
    "",
    ...header,
    ...rows(
      extraFields.hypervisors.def.innerType.def.element.shape,
      { ...hypervisorDefaults, name: required },
      "hypervisors[].",
    ),
    "",
    ...connectionTables.flatMap((table) => [table, ""]),
  ].join("\n");
}
