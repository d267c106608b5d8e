// install-config.yaml for the OpenShift installer, from the inventory: the cluster, its machine network and VIPs,
// the provisioning settings of the architecture, and every host with its BMC, boot MAC, boot mode and root disk.
// Secrets are never written: the pull secret, the ssh key and the BMC credentials are placeholders that the user
// fills in at install time (see the README). Pure.
import { yamlDocument, type YamlValue } from "../syntax/yaml";
import type { BaremetalHost, BaremetalPlatform, InstallConfig } from "./install-config-types";
import { clusterNodesOf, type Inventory, type InventoryNode } from "./inventory";

/** The placeholders, named as the environment variables `envsubst` fills them from. */
export const placeholders = {
  pullSecret: "PULL_SECRET",
  sshKey: "SSH_PUBLIC_KEY",
  bmcUsername: "BMC_USERNAME",
  bmcPassword: "BMC_PASSWORD",
} as const;
const placeholder = (name: string) => `\${${name}}`;

/** The provision VM's bridges, as its cloud-init names them: the installer checks its bridges there. */
export const provisionVmBridges = { external: "chucky", provisioning: "provision" } as const;

/** The installer learned the lists apiVIPs/ingressVIPs in 4.12; older releases know only the singular fields. */
export const vipListsMinMinor = 12;

/** The OS disk of every VM: the first virtio disk, which the installer must write RHCOS to. */
export const rootDevice = "/dev/vda";

function host(inventory: Inventory, node: InventoryNode, verifyCertificate: boolean): BaremetalHost {
  const redfish = inventory.cluster.architecture === "redfish";
  const chuckyPorts = node.nics.filter((nic) => nic.network === "chucky").map((nic) => nic.interface!);
  return {
    name: node.name,
    role: node.role as BaremetalHost["role"],
    bmc: {
      address: node.bmc!.address,
      username: placeholder(placeholders.bmcUsername),
      password: placeholder(placeholders.bmcPassword),
      ...(redfish ? { disableCertificateVerification: !verifyCertificate } : {}),
    },
    bootMACAddress: node.boot_mac!,
    // The VMs boot with libvirt's default BIOS firmware; the installer's default would be UEFI.
    bootMode: "legacy",
    rootDeviceHints: { deviceName: rootDevice },
    ...(inventory.cluster.bonding ? { networkConfig: bondConfig(chuckyPorts) } : {}),
  };
}

/** An active-backup bond over the node's chucky NICs, as the seed configures it. */
function bondConfig(ports: readonly string[]) {
  return {
    interfaces: [
      {
        name: "bond0",
        type: "bond",
        state: "up",
        ipv4: { dhcp: true, enabled: true },
        ipv6: { enabled: false },
        "link-aggregation": { mode: "active-backup", options: { miimon: "140" }, port: ports },
      },
    ],
  };
}

export function buildInstallConfig(inventory: Inventory, ocpMinor: number, verifyCertificate: boolean): InstallConfig {
  const { cluster, addresses: a } = inventory;
  const chucky = inventory.networks.find((n) => n.name === "chucky")!;
  const provisioning = inventory.networks.find((n) => n.name === "provision");
  const vips: Pick<BaremetalPlatform, "apiVIP" | "ingressVIP" | "apiVIPs" | "ingressVIPs"> =
    ocpMinor >= vipListsMinMinor
      ? { apiVIPs: [cluster.api_vip], ingressVIPs: [cluster.ingress_vip] }
      : { apiVIP: cluster.api_vip, ingressVIP: cluster.ingress_vip };
  const provisioningSettings: Partial<BaremetalPlatform> = provisioning
    ? {
        provisioningNetwork: "Managed",
        provisioningBridge: provisionVmBridges.provisioning,
        provisioningNetworkCIDR: provisioning.cidr,
        provisioningDHCPRange: `${a.provisioning_dhcp_start},${a.provisioning_dhcp_end}`,
        bootstrapProvisioningIP: a.bootstrap_provisioning_ip,
        clusterProvisioningIP: a.cluster_provisioning_ip,
      }
    : { provisioningNetwork: "Disabled" };
  const clusterNodes = clusterNodesOf(inventory);
  return {
    apiVersion: "v1",
    baseDomain: cluster.base_domain,
    metadata: { name: cluster.name },
    networking: { networkType: "OVNKubernetes", machineNetwork: [{ cidr: chucky.cidr }] },
    compute: [{ name: "worker", replicas: clusterNodes.filter((n) => n.role === "worker").length }],
    controlPlane: { name: "master", replicas: clusterNodes.filter((n) => n.role === "master").length },
    platform: {
      baremetal: {
        ...vips,
        externalBridge: provisionVmBridges.external,
        ...provisioningSettings,
        hosts: clusterNodes.map((node) => host(inventory, node, verifyCertificate)),
      },
    },
    pullSecret: placeholder(placeholders.pullSecret),
    sshKey: placeholder(placeholders.sshKey),
  };
}

/**
 * The file's text. Every string is quoted: MACs of digits only, such as 52:54:00:12:34:56, would otherwise read as
 * numbers to a YAML 1.1 parser. The placeholders are single-quoted, so that what fills them (a pull secret is JSON,
 * full of double quotes) stays one YAML string.
 */
export function serializeInstallConfig(config: InstallConfig, header: string): string {
  const filled = new Set(Object.values(placeholders).map(placeholder));
  // The installer's type leaves networkConfig open (it is nmstate); what gen-infra puts there is plain data.
  return `${header}${yamlDocument(config as unknown as YamlValue, filled)}`;
}
