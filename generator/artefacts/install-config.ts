// install-config.yaml for the OpenShift installer, from the inventory: the cluster, its machine network and VIPs,
// the provisioning settings of the architecture, and every host with its BMC, boot MAC, boot mode and root disk.
// For the agent-based installer, the same cluster and networks with a platform of VIPs alone, or none: its hosts are
// agent-config.yaml's, and it has no provisioning network and no BMC. Secrets are never written: the pull secret, the
// ssh key and the BMC credentials are placeholders that the user fills in at install time (see docs/output.md). Pure.
import { yamlDocument, type YamlValue } from "../syntax/yaml";
import type {
  BaremetalHost,
  BaremetalInstallConfig,
  BaremetalPlatform,
  BootMode,
  InstallConfig,
  ProvisioningNetwork,
} from "../installer/install-config-types";
import { provisionVmBridges } from "../installer/bridges";
import { familiesOf as stackFamilies } from "../model/model";
import {
  clusterNodesOf,
  hasVips,
  installedNodesOf,
  overlayMtuOf,
  type Inventory,
  type InventoryNode,
} from "./inventory";
import { inTechnologyPreview, releaseHas, releases, technologyPreviews, type Release } from "../releases";
import { fencingOf } from "./fencing-credentials";

/** The placeholders, named as the environment variables `envsubst` fills them from. */
export const placeholders = {
  pullSecret: "PULL_SECRET",
  sshKey: "SSH_PUBLIC_KEY",
  bmcUsername: "BMC_USERNAME",
  bmcPassword: "BMC_PASSWORD",
} as const;
/** A placeholder as written: `${NAME}`, which envsubst fills. */
export const placeholder = (name: string) => `\${${name}}`;

/** The OS disk of every VM: the first virtio disk, which the installer must write RHCOS to. */
export const rootDevice = "/dev/vda";

/** The host's boot mode: its VM's firmware. libvirt's default is BIOS, where the installer's default is UEFI. */
const bootModeOf = (node: InventoryNode): BootMode => (node.firmware === "uefi" ? "UEFI" : "legacy");

/**
 * What a host is to the installer and to metal3 alike: its BMC, boot MAC, boot mode and root disk, with only the
 * fields the release knows (bootMode and rootDeviceHints: releases.hostBootModeAndRootDeviceHints). The
 * BareMetalHost manifests reuse it.
 */
export function hostEssentials(
  node: InventoryNode,
  release: Release,
): Pick<BaremetalHost, "bootMACAddress" | "bootMode" | "rootDeviceHints"> {
  return {
    bootMACAddress: node.boot_mac!,
    ...(releaseHas(release, releases.hostBootModeAndRootDeviceHints)
      ? { bootMode: bootModeOf(node), rootDeviceHints: { deviceName: rootDevice } }
      : {}),
  };
}

/** Whether the installer checks the BMC's TLS certificate: asked only of Redfish addresses. */
export const certificateSetting = (inventory: Inventory, verifyCertificate: boolean) =>
  inventory.cluster.architecture === "redfish" ? { disableCertificateVerification: !verifyCertificate } : {};

/** A cluster node as a host of install-config.yaml (day-2 workers too, for checking them with the installer's rules). */
export function installerHost(
  inventory: Inventory,
  node: InventoryNode,
  release: Release,
  verifyCertificate: boolean,
): BaremetalHost {
  return {
    name: node.name,
    role: node.role as BaremetalHost["role"],
    bmc: {
      address: node.bmc!.address,
      username: placeholder(placeholders.bmcUsername),
      password: placeholder(placeholders.bmcPassword),
      ...certificateSetting(inventory, verifyCertificate),
    },
    ...hostEssentials(node, release),
    ...(inventory.cluster.bonding ? { networkConfig: bondConfig(inventory, node) } : {}),
  };
}

/**
 * An active-backup bond over the node's chucky NICs, as the seed configures it; with the overlay's MTU, if any, and
 * DHCP in each of the cluster's families: DHCPv6 for IPv6, never SLAAC (the support VM's router advertisements
 * say so too).
 */
export function bondConfig(inventory: Inventory, node: InventoryNode) {
  const mtu = overlayMtuOf(inventory);
  const families = familiesOf(inventory);
  const ports = node.nics.filter((nic) => nic.network === "chucky").map((nic) => nic.interface!);
  return {
    interfaces: [
      {
        name: "bond0",
        type: "bond",
        state: "up",
        ...(mtu === undefined ? {} : { mtu }),
        ipv4: families.includes("ipv4") ? { dhcp: true, enabled: true } : { enabled: false },
        ipv6: families.includes("ipv6") ? { dhcp: true, autoconf: false, enabled: true } : { enabled: false },
        "link-aggregation": { mode: "active-backup", options: { miimon: "140" }, port: ports },
      },
    ],
  };
}

/** The installer's defaults for IPv4 pod and service networks, written out where a second family needs both. */
const ipv4ClusterNetwork = { cidr: "10.128.0.0/14", hostPrefix: 23 } as const;
const ipv4ServiceNetwork = "172.30.0.0/16";
/** The installer takes only /64 per node from an IPv6 pod network. */
const ipv6HostPrefix = 64;

type Family = "ipv4" | "ipv6";

/** The cluster's families, the primary first: IPv4 alone without an ip_stack. */
const familiesOf = (inventory: Inventory): Family[] =>
  stackFamilies(inventory.cluster.ip_stack ?? "v4").map((f) => (f === 6 ? "ipv6" : "ipv4"));

/** The networking section: the machine network in each family, and with IPv6 the pod and service networks too. */
function networking(inventory: Inventory): InstallConfig["networking"] {
  const chucky = inventory.networks.find((n) => n.name === "chucky")!;
  const { cluster } = inventory;
  const families = familiesOf(inventory);
  const machineNetwork = families.map((f) => ({ cidr: f === "ipv6" ? chucky.cidr_v6! : chucky.cidr }));
  if (cluster.cluster_network_v6 === undefined || cluster.service_network_v6 === undefined)
    return { networkType: "OVNKubernetes", machineNetwork };
  const v6 = { cluster: cluster.cluster_network_v6, service: cluster.service_network_v6 };
  return {
    networkType: "OVNKubernetes",
    machineNetwork,
    clusterNetwork: families.map((f) =>
      f === "ipv6" ? { cidr: v6.cluster, hostPrefix: ipv6HostPrefix } : ipv4ClusterNetwork,
    ),
    serviceNetwork: families.map((f) => (f === "ipv6" ? v6.service : ipv4ServiceNetwork)),
  };
}

type Vips = Pick<BaremetalPlatform, "apiVIP" | "ingressVIP" | "apiVIPs" | "ingressVIPs">;

/**
 * The VIPs in each family, the primary first; releases before the lists know one VIP, the primary family's. Only a
 * cluster with VIPs (hasVips) gets here.
 */
function vipsOf(inventory: Inventory, release: Release): Vips {
  const { cluster } = inventory;
  const families = familiesOf(inventory);
  const api = families.map((f) => (f === "ipv6" ? cluster.api_vip_v6! : cluster.api_vip!));
  const ingress = families.map((f) => (f === "ipv6" ? cluster.ingress_vip_v6! : cluster.ingress_vip!));
  return releaseHas(release, releases.vipLists)
    ? { apiVIPs: api, ingressVIPs: ingress }
    : { apiVIP: api[0]!, ingressVIP: ingress[0]! };
}

/**
 * The feature set the cluster needs: before the arbiter, the two nodes with fencing (the DualReplica gate), or an
 * explicit OS image stream (the OSStreams gate) are on by default, each is only behind a feature gate of a preview
 * feature set.
 */
function featureSetOf(inventory: Inventory, arbiters: number, release: Release): Pick<InstallConfig, "featureSet"> {
  const used = [
    ...(arbiters > 0 ? [technologyPreviews.arbiter] : []),
    ...(inventory.cluster.control_plane === "two-node-fencing" ? [technologyPreviews.fencing] : []),
    ...(inventory.cluster.os_image_stream !== undefined ? [technologyPreviews.osImageStream] : []),
  ];
  const preview = used.find((choice) => inTechnologyPreview(release, choice));
  return preview === undefined ? {} : { featureSet: preview.featureSet };
}

/**
 * The spec's OS image stream, on a release that has the field: none otherwise, so that the installer picks its own
 * default (the feature-version rule refuses the key before the field exists).
 */
const osImageStreamOf = (inventory: Inventory, release: Release): Pick<InstallConfig, "osImageStream"> => {
  const stream = inventory.cluster.os_image_stream;
  return stream !== undefined && releaseHas(release, releases.osImageStream) ? { osImageStream: stream } : {};
};

/** What every install-config.yaml says before its platform: the cluster, its networks and its machine pools. */
function clusterSection(
  inventory: Inventory,
  release: Release,
  verifyCertificate: boolean,
): Omit<InstallConfig, "platform" | "pullSecret" | "sshKey"> {
  const { cluster } = inventory;
  const installed = installedNodesOf(inventory);
  const ofRole = (role: InventoryNode["role"]) => installed.filter((n) => n.role === role);
  const replicas = (role: InventoryNode["role"]) => ofRole(role).length;
  const arbiters = replicas("arbiter");
  const bmc = { username: placeholder(placeholders.bmcUsername), password: placeholder(placeholders.bmcPassword) };
  return {
    apiVersion: "v1",
    baseDomain: cluster.base_domain,
    ...featureSetOf(inventory, arbiters, release),
    // Beside the feature set that may guard it.
    ...osImageStreamOf(inventory, release),
    metadata: { name: cluster.name },
    networking: networking(inventory),
    compute: [{ name: "worker", replicas: replicas("worker") }],
    controlPlane: {
      name: "master",
      replicas: replicas("master"),
      ...fencingOf(inventory, ofRole("master"), bmc, release, verifyCertificate),
    },
    ...(arbiters ? { arbiter: { name: "arbiter", replicas: arbiters } } : {}),
  };
}

/** The secrets, after the platform: placeholders that envsubst fills where the installer runs. */
const secretPlaceholders = () =>
  ({ pullSecret: placeholder(placeholders.pullSecret), sshKey: placeholder(placeholders.sshKey) }) as const;

/** `bmcVerifyCA`: bmc.ca_file's text, written on a release that takes it (the bmc-ca-verification rule says so). */
export function buildInstallConfig(
  inventory: Inventory,
  release: Release,
  verifyCertificate: boolean,
  bmcVerifyCA?: string,
): BaremetalInstallConfig {
  const { cluster } = inventory;
  const provisioning = inventory.networks.find((n) => n.name === "provision");
  const vips = vipsOf(inventory, release);
  // The provisioning network has one family: IPv6 where the cluster's primary family is.
  const provisioningV6 = provisioning?.families?.[0] === "ipv6";
  const a = provisioningV6 ? inventory.addresses_v6! : inventory.addresses;
  const mode = (cluster.provisioning_network ?? (provisioning ? "Managed" : "Disabled")) as ProvisioningNetwork;
  // Unmanaged: the network and its addresses are the installer's to know, its DHCP is someone else's.
  const provisioningSettings: Partial<BaremetalPlatform> = provisioning
    ? {
        provisioningNetwork: mode,
        provisioningBridge: provisionVmBridges.provisioning,
        provisioningNetworkCIDR: provisioningV6 ? provisioning.cidr_v6! : provisioning.cidr,
        ...(mode === "Managed"
          ? { provisioningDHCPRange: `${a.provisioning_dhcp_start},${a.provisioning_dhcp_end}` }
          : {}),
        bootstrapProvisioningIP: a.bootstrap_provisioning_ip,
        clusterProvisioningIP: a.cluster_provisioning_ip,
      }
    : { provisioningNetwork: "Disabled" };
  return {
    ...clusterSection(inventory, release, verifyCertificate),
    platform: {
      baremetal: {
        ...vips,
        externalBridge: provisionVmBridges.external,
        ...provisioningSettings,
        hosts: installedNodesOf(inventory).map((node) => installerHost(inventory, node, release, verifyCertificate)),
        // Last, as in the installer's type: the PEM as the file has it, which the installer hands to Ironic.
        ...(bmcVerifyCA !== undefined && releaseHas(release, releases.bmcVerifyCA) ? { bmcVerifyCA } : {}),
      },
    },
    ...secretPlaceholders(),
  };
}

/**
 * The agent-based installer's install-config.yaml: its platform has no hosts (agent-config.yaml lists them), no
 * provisioning network, bridge or BMC, which it would ignore; on baremetal it has the VIPs alone, and on platform
 * none nothing at all. Single-node OpenShift needs nothing more: bootstrapInPlace is the single-node ignition
 * flow's, which the agent-based installer ignores, bootstrapping in place on its own.
 */
export function buildAgentInstallConfig(inventory: Inventory, release: Release): InstallConfig {
  return {
    // The agent lab has no BMCs, hence no fencing to verify (the two-node-fencing rule refuses it there).
    ...clusterSection(inventory, release, false),
    platform: hasVips(inventory) ? { baremetal: vipsOf(inventory, release) } : { none: {} },
    ...secretPlaceholders(),
  };
}

/**
 * On several hypervisors, what the installer's schema has no field for, by node name: the host a node's VM runs on,
 * and where its BMC is emulated. A lab of one host has none.
 */
export function placementNotes(inventory: Inventory): Map<string, string> {
  const gateway = inventory.nodes.find((n) => n.role === "support")?.hypervisor;
  return new Map(
    clusterNodesOf(inventory).flatMap((node): [string, string][] =>
      node.hypervisor === undefined
        ? []
        : [
            [
              node.name,
              node.hypervisor === gateway
                ? `${node.name}: a VM on the gateway host ${gateway}, beside its BMC emulator`
                : `${node.name}: a VM on the hypervisor ${node.hypervisor}; its BMC is emulated on the gateway host ${gateway}, driving ${node.hypervisor}'s libvirt`,
            ],
          ],
    ),
  );
}

/**
 * The file's text, each host under its placement note, if any. Every string is quoted: MACs of digits only, such as 52:54:00:12:34:56, would otherwise read as
 * numbers to a YAML 1.1 parser. The placeholders are single-quoted, so that what fills them (a pull secret is JSON,
 * full of double quotes) stays one YAML string.
 */
export function serializeInstallConfig(
  config: InstallConfig,
  header: string,
  notes: ReadonlyMap<string, string> = new Map(),
): string {
  const singleQuoted = new Set(Object.values(placeholders).map(placeholder));
  const comments = new Map<YamlValue, string>();
  for (const host of config.platform.baremetal?.hosts ?? []) {
    const note = notes.get(host.name);
    if (note !== undefined) comments.set(host as unknown as YamlValue, note);
  }
  // A PEM bundle reads best, and diffs line by line, as a literal block; it reads back byte for byte.
  const bundle = config.platform.baremetal?.bmcVerifyCA;
  const literal = new Set(bundle === undefined ? [] : [bundle]);
  // The installer's type leaves networkConfig open (it is nmstate); what gen-infra puts there is plain data.
  return `${header}${yamlDocument(config as unknown as YamlValue, { singleQuoted, comments, literal })}`;
}
