// Stage 5: the model rendered through the eta templates into the output files. Templates hold layout only;
// every value they print is prepared here or in the model.
import path from "node:path";
import { renderTemplate } from "../../syntax/eta";
import { hclAttributes, hclString, hclStringBody, hclValue } from "../../syntax/hcl";
import { variables } from "./variables";
import { outputsFor } from "./outputs";
import { diskBytes, GiB, nicOrder, roleNames, type Cluster, type ClusterRole } from "../../model/model";
import { releaseName, releases } from "../../releases";
import { chuckyHosts } from "../../model/address-plan";
import { addressLocals, macLocals } from "./plans";
import { provider } from "./provider";
import { rolesHcl, workerVmsHcl, type RoleHcl } from "./roles";
import { isSshUri, type Connection } from "../../input/spec";
import { dayTwo } from "./day-two";
import {
  entityResources,
  preconditionsFor,
  printed,
  symbolBindings,
  symbolLocals,
  warningsFor,
  type Bindings,
  type HclCondition,
} from "./conditions";
import {
  domainNamesHcl,
  head,
  hostsHcl,
  isMultiHost,
  nodeBlocks,
  placementOf,
  workerPlacementCondition,
  type HostHcl,
  type NodeBlock,
} from "./hosts";
import { releaseFrom, type LabEntity } from "../../rules/lab-terms";
import { local } from "./locals";
import { commentSafe } from "../../artefacts/lab-files";
import type { Lab } from "../../lab/lab";
import { overlayOf } from "../../model/overlay";
import {
  dnsOffXslt,
  familiesHcl,
  ipv6Locals,
  networkAddressesHcl,
  provisionConfigArguments,
  supportConfigArguments,
} from "./families";

/** One role's libvirt resources, as the templates print them. */
function roleView(cluster: Cluster, r: RoleHcl) {
  const ipi = cluster.installer === "ipi";
  const base = roleNames(cluster.names, r.role);
  const bytes = diskBytes[r.role];
  return {
    ...r,
    domainName: base.domain,
    volumeName: base.volume,
    osDiskSize: r.dataDisksGiB === undefined ? `${bytes} # ${bytes / GiB} GiB` : `${r.osDiskGiB} * ${GiB}`,
    macLocals: macLocals(r, cluster.masterCount, ipi),
  };
}

/** The fixed MAC lists of every role, for the fixed_macs local: chucky NICs, provisioning NICs, bond ports. */
const macLists = (roles: readonly RoleHcl[], kind: "chucky" | "provision" | "bond") =>
  roles.map((r) => local(`${r.role}_${kind}_macs`)).join(", ");

/** The files this target writes, in the order it writes and lists them. */
export const fileNames = [
  "versions.tf",
  "input-vars.tf",
  "libvirt.tf",
  "outputs.tf",
  "provision_cloud_init.cfg",
  "provision_network_config.cfg",
  "support_cloud_init.cfg",
  "support_network_config.cfg",
] as const;
export type FileName = (typeof fileNames)[number];

/** How Terraform reaches one hypervisor: its locals' suffix, and whether its key is the one cloud-init authorises. */
interface ConnectionPlace {
  readonly suffix: string;
  /** The provider's alias, on a lab of several hypervisors. */
  readonly alias: string | undefined;
  /** The gateway host's connection gives the public key the support and provision VMs authorise. */
  readonly gateway: boolean;
  /** How the comments name the host. */
  readonly hypervisor: string;
}

function connectionView(connection: Connection, place: ConnectionPlace) {
  if (connection.mode === "remote_state") {
    const stateDir = path.posix.dirname(connection.state_path);
    const stateDirText = hclStringBody(stateDir);
    const metal = `local.metal${place.suffix}`;
    const privateKey = connection.ssh_private_key
      ? `pathexpand(${hclString(connection.ssh_private_key)})`
      : `"${stateDirText}/\${trimsuffix(${metal}.ssh_certificate, ".pub")}"`;
    const keys: [string, string][] = [
      ...(place.gateway
        ? [["ssh_public_key", `trimspace(file("${stateDirText}/\${${metal}.ssh_certificate}"))`] as [string, string]]
        : []),
      [`ssh_private_key${place.suffix}`, privateKey],
    ];
    return {
      ...place,
      mode: connection.mode,
      statePath: connection.state_path,
      sshUserText: hclStringBody(connection.ssh_user),
      keys: hclAttributes(keys, "  "),
      uriSuffixText: connection.verify_host_key ? "" : "&known_hosts_verify=ignore",
    };
  }
  // Query parameters as HCL string bodies: the key path goes through pathexpand(), since the provider does not
  // expand "~" itself.
  const params: string[] = [];
  if (isSshUri(connection.uri)) {
    if (connection.ssh_private_key) params.push(`keyfile=\${pathexpand(${hclString(connection.ssh_private_key)})}`);
    if (!connection.verify_host_key) params.push("known_hosts_verify=ignore");
  }
  const separator = connection.uri.includes("?") ? "&" : "?";
  return {
    ...place,
    mode: connection.mode,
    uriText: hclStringBody(connection.uri) + (params.length ? `${separator}${params.join("&")}` : ""),
    publicKeyPath: connection.ssh_public_key,
  };
}

/** Each hypervisor's connection, the gateway host's first; a lab of one host has no suffixes and no alias. */
function connectionsView(lab: Lab) {
  const multi = isMultiHost(lab);
  return lab.hypervisors.map((h, i) =>
    connectionView(h.connection, {
      suffix: multi ? `_${h.name}` : "",
      alias: multi ? h.name : undefined,
      gateway: i === 0,
      hypervisor: multi ? `The hypervisor ${h.name}` : "The hypervisor",
    }),
  );
}

/** The rules' preconditions by resource: on several hosts a node block may have no instance, so the network holds them. */
function preconditionsOn(cluster: Cluster, bindings: Bindings, multi: boolean): Record<string, HclCondition[]> {
  if (!multi) return preconditionsFor(cluster, bindings, entityResources);
  const onNetwork = Object.fromEntries(
    Object.keys(entityResources).map((entity) => [entity, entityResources.chuckyNetwork]),
  ) as Record<LabEntity, string>;
  const byResource = preconditionsFor(cluster, bindings, onNetwork);
  (byResource[entityResources.chuckyNetwork] ??= []).push(workerPlacementCondition(cluster));
  return byResource;
}

/** The first lines of a volume on a host: its provider and pool, on a lab of several hosts. */
const hostVolumeHead = (host: HostHcl) =>
  head([
    ["provider", host.provider],
    ["pool", host.pool && hclString(host.pool)],
  ]);

/** Each role's domain names on a lab of several hosts; a lab without an arbiter lists none for it. */
const multiHostNames = (blocks: readonly { r: RoleHcl; blocks: readonly NodeBlock[] }[]) =>
  Object.fromEntries(blocks.map(({ r, blocks }) => [r.role, domainNamesHcl(blocks, r)])) as Record<ClusterRole, string>;

export function render(lab: Lab, cluster: Cluster, sourceName: string): Map<FileName, string> {
  const multi = isMultiHost(lab);
  const ipi = cluster.installer === "ipi";
  const roles = rolesHcl(cluster);
  const bindings = symbolBindings(cluster);
  const hosts = hostsHcl(lab);
  const gateway = hosts[0]!;
  const retired = new Set(lab.hypervisors.filter((h) => h.retired).map((h) => h.name));
  const blocks = roles.map((r) => ({ r: roleView(cluster, r), blocks: nodeBlocks(lab, hosts, r) }));
  const families = familiesHcl(cluster);
  const view = {
    source: commentSafe(sourceName),
    provider,
    vncListenAddress: cluster.vncListenAddress,
    names: cluster.names,
    multiHost: multi,
    /** Where the networks are stretched over several hosts: the MTU of the service VMs' NICs on them. */
    nodeMtu: overlayOf(cluster)?.nodeMtu,
    connections: connectionsView(lab),
    openHosts: hosts.filter((host) => !retired.has(host.name)),
    hostVolumeHead,
    gatewayHead: {
      volume: hostVolumeHead(gateway),
      domain: head([["provider", gateway.provider]]),
    },
    placementLocals: hclAttributes(
      roles.map((r) => [`${r.role}_hosts`, hclValue(placementOf(lab, r.role), "  ")]),
      "  ",
    ),
    variables: variables(cluster),
    outputs: outputsFor({
      arbiter: cluster.arbiter,
      agentPlatform: cluster.agent?.platform,
      extraWorkers: cluster.options.extraWorkers,
      ...(multi ? { names: multiHostNames(blocks) } : {}),
    }),
    firstWorkerHost: chuckyHosts.firstWorker,
    addressLocals: addressLocals(workerVmsHcl(cluster), ipi),
    /** With the agent-based installer: no provision VM, no provisioning network, nodes that boot the agent ISO. */
    agent: cluster.agent && { platform: cluster.agent.platform, isoVolume: cluster.names.agentIsoVolume },
    families,
    networkAddresses: networkAddressesHcl(families),
    addressLocalsV6: ipv6Locals(cluster, families),
    dnsOffXslt,
    provisionConfig: provisionConfigArguments(cluster, families),
    supportConfig: supportConfigArguments(families),
    diskBytes,
    GiB,
    /** libvirt's own folder for variable stores, on RHEL and Debian alike. */
    nvramFolder: "/var/lib/libvirt/qemu/nvram",
    masterCount: cluster.masterCount,
    roles: roles.map((r) => roleView(cluster, r)),
    nodeBlocks: blocks.flatMap(({ r, blocks }) => blocks.map((b, i) => ({ r, b, first: i === 0 }))),
    workerVms: workerVmsHcl(cluster),
    options: cluster.options,
    provisioningHcl: bindings.provisioning,
    macLists: {
      chucky: roles.map((r) => local(`${r.role}_chucky_macs`)),
      provision: macLists(roles, "provision"),
      bond: macLists(roles, "bond"),
    },
    bondingSince: releaseName(releases.bonding.since),
    bondingReleaseHcl: `(${printed(releaseFrom(releases.bonding.since), bindings)})`,
    // The agent lab's nodes have no provisioning NIC.
    nicOrder: ipi ? nicOrder : nicOrder.filter((purpose) => purpose !== "provisioning"),
    preconditions: preconditionsOn(cluster, bindings, multi),
    warnings: warningsFor(bindings),
    hclString,
    hclValue,
    hclAttributes,
    ruleLocals: symbolLocals(cluster, bindings),
    dayTwo: {
      serviceVm: dayTwo.serviceVm,
      clusterNode: cluster.agent
        ? dayTwo.agentClusterNode
        : cluster.options.firmware
          ? dayTwo.uefiClusterNode
          : dayTwo.clusterNode,
      agentIso: dayTwo.agentIso,
      clusterVolume: dayTwo.clusterVolume,
      baseImage: dayTwo.baseImage,
    },
  };
  const tf = (name: string) => renderTemplate(`libvirt-0.8/hcl/${name}`, view);
  const cfg = (name: string, vm: { forwardsIpv6: boolean } = { forwardsIpv6: false }) =>
    renderTemplate(`libvirt-0.8/cloudinit/${name}`, { ...view, ...vm });
  return new Map<FileName, string>([
    ["versions.tf", tf("versions.tf")],
    ["input-vars.tf", tf("input-vars.tf")],
    ["libvirt.tf", tf("libvirt.tf")],
    ["outputs.tf", tf("outputs.tf")],
    ...(ipi
      ? ([
          ["provision_cloud_init.cfg", cfg("cloud_init.cfg")],
          ["provision_network_config.cfg", cfg("provision_network_config.cfg")],
        ] as const)
      : []),
    // The support VM routes the nodes' IPv6: its router advertisements name it their default router.
    ["support_cloud_init.cfg", cfg("cloud_init.cfg", { forwardsIpv6: families.ipv6 })],
    ["support_network_config.cfg", cfg("support_network_config.cfg")],
  ]);
}
