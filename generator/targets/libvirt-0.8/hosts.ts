// Which host each resource goes on. A lab of one host keeps one unaliased provider and `count` blocks. A lab of
// several has a provider alias per host, and each role's nodes as one block per host: Terraform fixes a block's
// provider, not an instance's. Those blocks iterate with `for_each` over the node indexes the placement gives the
// host, so that moving one node to another host replaces that node alone and renumbers nothing.
import type { Lab } from "../../lab/lab";
import type { Cluster, ClusterRole } from "../../model/model";
import type { HclCondition } from "./conditions";
import { hclAttributes, hclString } from "../../syntax/hcl";
import { workerVmsHcl, type RoleHcl } from "./roles";
import { local } from "./locals";

/** A host as the resources on it name it. */
export interface HostHcl {
  readonly name: string;
  /** `provider = …`, on a lab of several hosts. */
  readonly provider: string | undefined;
  /** `pool = …` for its volumes, on a lab of several hosts: one host's lab keeps the provider's default. */
  readonly pool: string | undefined;
  /** Its networks' resources: the gateway host's keep the names the rules' preconditions are bound to. */
  readonly chucky: string;
  readonly provision: string;
  /** The agent ISO's volume in its pool, with the agent-based installer. */
  readonly agentIso: string;
}

/** One block of a role's nodes: all of them on a lab of one host, one host's on a lab of several. */
export interface NodeBlock {
  /** Appended to the role's resource names. */
  readonly suffix: string;
  /** The first lines of each resource: count or for_each, provider, pool; empty, or ending in a blank line. */
  readonly head: string;
  readonly volumeHead: string;
  readonly dataVolumeHead: string;
  /** The node's index, and the key of its OS volume. */
  readonly index: string;
  readonly key: string;
  /** A data volume's node index and disk index, and, in the domain, the key of its disk j. */
  readonly dataNode: string;
  readonly dataDisk: string;
  readonly dataKey: string;
  readonly host: HostHcl;
}

/** Several hosts' HCL: a lab of one host writes none of it. */
export const isMultiHost = (lab: Lab): boolean => lab.hypervisors.length > 1;

/** The hosts' resource names; the gateway host (the first) first. */
export function hostsHcl(lab: Lab): HostHcl[] {
  const multi = isMultiHost(lab);
  return lab.hypervisors.map((h, i) => {
    const suffix = multi && i > 0 ? `_${h.name}` : "";
    return {
      name: h.name,
      provider: multi ? `libvirt.${h.name}` : undefined,
      pool: multi ? h.pool : undefined,
      chucky: `libvirt_network.chucky${suffix}`,
      provision: `libvirt_network.provision${suffix}`,
      agentIso: `libvirt_volume.agent_iso${suffix}`,
    };
  });
}

/** The first lines of a resource, or nothing: aligned as `terraform fmt` aligns them, then a blank line. */
export function head(attributes: readonly (readonly [string, string | undefined])[]): string {
  const given = attributes.filter((a): a is [string, string] => a[1] !== undefined);
  return given.length ? `${hclAttributes(given, "  ")}\n\n` : "";
}

/** The hosts of a role's nodes by index, as the placement local lists them. */
const hostsLocal = (role: ClusterRole) => local(`${role}_hosts`);

/** Each role's host per node index, from the lab's placement. */
export function placementOf(lab: Lab, role: ClusterRole): string[] {
  return lab.nodes
    .filter((n) => n.role === role)
    .sort((a, b) => a.index - b.index)
    .map((n) => n.hypervisor);
}

/** Whether a role's count is a literal: then it has exactly the placed nodes; a variable count may ask for fewer. */
const fixedCount = (r: RoleHcl): boolean => /^\d+$/.test(r.count);

/** A role's nodes on one host, as a map from index (a string) to index: the key of each node's resources there. */
const nodesOnHostHcl = (r: RoleHcl, host: string): string =>
  `{ for i, h in ${hostsLocal(r.role)} : tostring(i) => i if h == ${hclString(host)}${fixedCount(r) ? "" : ` && i < ${r.count}`} }`;

/** How many of a role's nodes are on one host: a literal where the count is, else counted as the blocks count them. */
export const countOnHostHcl = (cluster: Cluster, r: RoleHcl, host: string): string =>
  fixedCount(r)
    ? String(cluster.nodes.filter((n) => n.role === r.role && n.hypervisor === host).length)
    : `length(${nodesOnHostHcl(r, host)})`;

/** A role's blocks: one over every node, or one per host that has a node of the role. */
export function nodeBlocks(lab: Lab, hosts: readonly HostHcl[], r: RoleHcl): NodeBlock[] {
  const dataDisks = local(`${r.role}_data_disks`);
  if (!isMultiHost(lab))
    return [
      {
        suffix: "",
        head: head([["count", r.count]]),
        volumeHead: head([["count", r.count]]),
        dataVolumeHead: head([["count", `${r.count} * ${dataDisks}`]]),
        index: "count.index",
        key: "count.index",
        dataNode: `floor(count.index / ${dataDisks})`,
        dataDisk: `count.index % ${dataDisks}`,
        dataKey: `count.index * ${dataDisks} + j`,
        host: hosts[0]!,
      },
    ];
  const placed = new Set(placementOf(lab, r.role));
  return hosts
    .filter((host) => placed.has(host.name))
    .map((host) => {
      const iterate = nodesOnHostHcl(r, host.name);
      const dataIterate = `{ for v in flatten([for i in values(${iterate}) : [for j in range(${dataDisks}) : { node = i, disk = j }]]) : "\${v.node}-\${v.disk}" => v }`;
      return {
        suffix: `_${host.name}`,
        head: head([
          ["for_each", iterate],
          ["provider", host.provider],
        ]),
        volumeHead: head([
          ["for_each", iterate],
          ["provider", host.provider],
          ["pool", host.pool && hclString(host.pool)],
        ]),
        dataVolumeHead: head([
          ["for_each", dataIterate],
          ["provider", host.provider],
          ["pool", host.pool && hclString(host.pool)],
        ]),
        index: "each.value",
        key: "each.key",
        dataNode: "each.value.node",
        dataDisk: "each.value.disk",
        dataKey: '"${each.value}-${j}"',
        host,
      };
    });
}

/** A role's domain names in index order, as one list, from its blocks' maps on a lab of several hosts. */
export function domainNamesHcl(blocks: readonly NodeBlock[], r: RoleHcl): string {
  const maps = blocks.map((b) => `libvirt_domain.${r.role}_domains${b.suffix}`).join(", ");
  return `[for i in range(${r.count}) : merge(${maps})[tostring(i)].name]`;
}

/**
 * The placement lists as many workers as the spec asks for; a -var asking for more has nowhere to put them, and the
 * plan fails saying how to place them.
 */
export function workerPlacementCondition(cluster: Cluster): HclCondition {
  const count = workerVmsHcl(cluster);
  const placed = `length(${hostsLocal("worker")})`;
  const keys = cluster.options.extraWorkers ? "number_of_workers and extra_workers" : "number_of_workers";
  return {
    condition: `${count} <= ${placed}`,
    message: `The lab asks for \${${count}} worker VMs, but gen-infra placed \${${placed}} on the hypervisors: set ${keys} in the spec and run gen-infra again, so that it places them.`,
  };
}
