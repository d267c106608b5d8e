// The locals libvirt.tf defines that the target's TypeScript refers to, by name: each such reference goes through
// local(), so a misspelt or missing name does not compile (test/unit/targets/typed-references.test.ts), and a unit test holds the
// list against the locals the generated files define.
import type { ClusterRole } from "../../model/model";
import type { MacNic } from "../../model/mac";
import { planLocals, type AddressLocalV6, type PlanLocal } from "./plans";

const ownLocals = [
  "ocp_major_version",
  "ocp_minor_version",
  "bonding",
  "worker_vms",
  "provisioning",
  "fixed_macs",
  "repeated_macs",
  "overlapping_networks",
  "total_memory_mib",
  "total_vcpus",
  "total_disk_gib",
  "host_needs",
  "dns_off_xslt",
  "chucky_prefix",
  "provision_prefix",
  "chucky_prefix_v6",
  "provision_prefix_v6",
] as const;

/** Per role: its data disks per node, and on a lab of several hosts, the host of each node by index. */
type RoleLocal = "data_disks" | "hosts";

export type LocalName =
  | (typeof ownLocals)[number]
  | PlanLocal
  | AddressLocalV6
  | `${ClusterRole}_${MacNic}_macs`
  | `${ClusterRole}_${RoleLocal}`;

export const local = (name: LocalName): string => `local.${name}`;

const roles: readonly ClusterRole[] = ["master", "arbiter", "worker"];
const nics: readonly MacNic[] = ["provision", "chucky", "bond"];
const roleLocals: readonly RoleLocal[] = ["data_disks", "hosts"];

/** Every name local() accepts. A function: plans.ts, which defines the plan's locals, imports this module. */
export const knownLocals = (): readonly LocalName[] => [
  ...ownLocals,
  ...(Object.keys(planLocals) as PlanLocal[]),
  ...Object.entries(planLocals).flatMap(([name, entry]) =>
    "address" in entry ? [`${name}_v6` as AddressLocalV6] : [],
  ),
  ...roles.flatMap((role) => nics.map((nic): LocalName => `${role}_${nic}_macs`)),
  ...roles.flatMap((role) => roleLocals.map((name): LocalName => `${role}_${name}`)),
];
