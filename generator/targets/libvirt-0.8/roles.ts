// The masters, the arbiter and the workers as HCL expressions over the variables: how many of each, their
// resources and disks. One definition for the libvirt resources, the MAC lists and the capacity totals, so that a
// -var override counts the same VMs everywhere. Only what the spec asks for appears: without its node keys, every
// expression is the seed's.
import { diskBytes, GiB, type Cluster, type ClusterRole } from "../../model/model";
import { local } from "./locals";

export interface RoleHcl {
  readonly role: ClusterRole;
  /** How many VMs of the role. */
  readonly count: string;
  /** The role's resources variable (memory, vcpu). */
  readonly resources: string;
  /** The OS disk's size in GiB. */
  readonly osDiskGiB: string;
  /** The list of data disk sizes in GiB, when the spec has a disks section. */
  readonly dataDisksGiB: string | undefined;
}

/** The number of worker VMs: the installed workers, plus the day-2 workers when the spec has them. */
export const workerVmsHcl = (cluster: Cluster): string =>
  cluster.spec.extra_workers === undefined ? "var.number_of_workers" : local("worker_vms");

export function rolesHcl(cluster: Cluster): RoleHcl[] {
  const { spec } = cluster;
  const role = (role: ClusterRole, count: string): RoleHcl => ({
    role,
    count,
    resources: `var.${role}_resources`,
    osDiskGiB: spec.disks ? `var.${role}_disks.os_gib` : String(diskBytes[role] / GiB),
    dataDisksGiB: spec.disks ? `var.${role}_disks.extra_gib` : undefined,
  });
  return [
    role("master", String(cluster.masterCount)),
    ...(cluster.arbiter ? [role("arbiter", "1")] : []),
    role("worker", workerVmsHcl(cluster)),
  ];
}

/** The disk of every VM of a role, in GiB, as one HCL term. sum() refuses an empty list, hence the 0. */
export const roleDiskGiBHcl = (r: RoleHcl): string =>
  r.dataDisksGiB === undefined ? r.osDiskGiB : `(${r.osDiskGiB} + sum(concat([0], ${r.dataDisksGiB})))`;
