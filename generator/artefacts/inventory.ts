// The cluster as data for the next stages (Ansible, the OpenShift installer): nodes, NICs, MACs, addresses and BMC
// endpoints, all read from the model, so that no MAC can differ between the HCL, inventory.json and
// install-config-hosts.yaml. Pure.
import { GiB, isClusterRole, type AgentInstall, type Cluster, type Model, type Node } from "../model/model";
import { clusterTotals } from "../model/totals";
import { overlayOf } from "../model/overlay";
import { ip6ArpaZone } from "../model/ip";
import type { AgentPlatform, ControlPlane, Installer, IpStack, OsImageStream } from "../input/spec";

interface InventoryNic {
  readonly network: string;
  /** null where libvirt assigns the MAC. */
  readonly mac: string | null;
  readonly address: string | null;
  /** Present where the cluster has IPv6: the NIC's IPv6 address, or null. */
  readonly address_v6?: string | null;
  readonly purpose: string;
  /** The interface name RHCOS gives the NIC (masters and workers only). */
  readonly interface: string | null;
}

export interface InventoryNode {
  readonly name: string;
  /** The node's name in the cluster's DNS and the support VM's DHCP: the seed's master0.<cluster>.<zone>. */
  readonly hostname: string;
  readonly role: Node["role"];
  /** Present on a lab of several hypervisors: the one the node runs on. */
  readonly hypervisor?: string;
  readonly vcpu: number;
  readonly memory_mib: number;
  /** The OS disk, /dev/vda. */
  readonly disk_gib: number;
  /** Present when the spec has a disks section: the data disks after the OS disk, in order. */
  readonly data_disks?: readonly { readonly device: string; readonly gib: number; readonly volume: string }[];
  /** Present when the spec gives the firmware (masters, arbiter and workers only). */
  readonly firmware?: Node["firmware"];
  /** Present, and true, on a day-2 worker: built with the lab, left out of install-config.yaml. */
  readonly day_two?: true;
  readonly running: boolean;
  readonly nics: readonly InventoryNic[];
  /**
   * The NIC the node network-boots from: the provisioning NIC for vbmc, the first chucky NIC for redfish; null on the
   * agent-based installer's nodes, which boot their disk or the agent ISO, never the network.
   */
  readonly boot_mac: string | null;
  /** null on the support and provision VMs; absent on every node of the agent-based installer, which drives no BMC. */
  readonly bmc?: { readonly address: string } | null;
}

interface InventoryNetwork {
  readonly name: string;
  readonly libvirt_name: string;
  readonly bridge: string;
  /** The network's IPv4 prefix; `families` says whether the lab uses it. */
  readonly cidr: string;
  /** Present where the cluster has IPv6: the families the lab's addresses on the network have, and its IPv6 prefix. */
  readonly families?: readonly ("ipv4" | "ipv6")[];
  readonly cidr_v6?: string;
  readonly mode: string;
  /** Present on a lab stretched over several hypervisors: the MTU its NICs get, the overlay's header taken off. */
  readonly mtu?: number;
}

/** The lab's addresses under the names this file's readers see: a contract, spelled out, not the model's fields. */
interface InventoryAddresses {
  readonly chucky_gateway: string;
  readonly chucky_netmask: string;
  readonly chucky_prefix: number;
  readonly support_host: string;
  readonly provision_host: string;
  readonly chucky_dhcp_start: string;
  readonly chucky_dhcp_end: string;
  readonly api_vip: string;
  readonly api_int_vip: string;
  readonly ingress_vip: string;
  readonly provision_ironic: string;
  readonly provisioning_prefix: number;
  readonly bootstrap_provisioning_ip: string;
  readonly cluster_provisioning_ip: string;
  readonly provisioning_dhcp_start: string;
  readonly provisioning_dhcp_end: string;
}

const inventoryAddresses = (a: Cluster["addresses"]): InventoryAddresses => ({
  chucky_gateway: a.chuckyGateway,
  chucky_netmask: a.chuckyNetmask,
  chucky_prefix: a.chuckyPrefix,
  support_host: a.supportHost,
  provision_host: a.provisionHost,
  chucky_dhcp_start: a.chuckyDhcpStart,
  chucky_dhcp_end: a.chuckyDhcpEnd,
  api_vip: a.apiVip,
  api_int_vip: a.apiIntVip,
  ingress_vip: a.ingressVip,
  provision_ironic: a.provisionIronic,
  provisioning_prefix: a.provisionPrefix,
  bootstrap_provisioning_ip: a.bootstrapProvisioningIp,
  cluster_provisioning_ip: a.clusterProvisioningIp,
  provisioning_dhcp_start: a.provisioningDhcpStart,
  provisioning_dhcp_end: a.provisioningDhcpEnd,
});

/** The agent-based installer's settings, as agent-config.yaml and the report use them. */
interface InventoryAgent {
  /** install-config.yaml's platform: baremetal (with VIPs) or none (without). */
  readonly platform: AgentPlatform;
  /** The master that runs the assisted service, by its node key, and its address: agent-config.yaml's rendezvousIP. */
  readonly rendezvous_host: string;
  readonly rendezvous_ip: string;
  /** Where Terraform reads the agent ISO, relative to the output directory. */
  readonly iso: string;
}

export interface Inventory {
  readonly cluster: {
    readonly name: string;
    readonly base_domain: string;
    readonly ocp_version: string;
    /** Present when the spec names it (installer or number_of_masters): how OpenShift is installed. */
    readonly installer?: Installer;
    /** Present with installer agent. */
    readonly agent?: InventoryAgent;
    /** Present when the spec names it: a two-node control plane with fencing. */
    readonly control_plane?: ControlPlane;
    /** Present when the spec names it: the RHEL CoreOS stream of the nodes, install-config.yaml's osImageStream. */
    readonly os_image_stream?: OsImageStream;
    /** The seed's BMC emulation; absent with the agent-based installer, which has no BMC and no provisioning network. */
    readonly architecture?: string;
    /** Present when the spec names them: the installer's provisioning network mode and BMC driver. */
    readonly provisioning_network?: string;
    readonly bmc_driver?: string;
    readonly bonding: boolean;
    /** Absent on the agent-based installer's platform none, which has no VIPs (nor IPv6 ones). */
    readonly api_vip?: string;
    readonly ingress_vip?: string;
    /** Present where the cluster has IPv6: its stack (primary family first), IPv6 VIPs and pod and service networks. */
    readonly ip_stack?: IpStack;
    readonly api_vip_v6?: string;
    readonly ingress_vip_v6?: string;
    readonly cluster_network_v6?: string;
    readonly service_network_v6?: string;
    /**
     * Present where the cluster has IPv6: the ip6.arpa zone of reverse6.zone, for the support VM's named to declare.
     * Unlike the IPv4 zone's, it is no simple reading of the prefix (it is cut at a nibble boundary).
     */
    readonly reverse_zone_v6?: string;
  };
  readonly networks: readonly InventoryNetwork[];
  readonly addresses: InventoryAddresses;
  /** Present where the cluster has IPv6: the same plan in the IPv6 prefixes. */
  readonly addresses_v6?: InventoryAddresses;
  readonly nodes: readonly InventoryNode[];
  readonly totals: { readonly memory_gib: number; readonly vcpus: number; readonly disk_gib: number };
}

/**
 * RHCOS names virtio NICs after their PCI slot; libvirt's i440fx machine gives a domain's NICs slots 3, 4, 5…
 * in the domain's NIC order, hence ens3, ens4, ens5 (the seed's ens3/ens4).
 */
const rhcosInterface = (nicIndex: number): string => `ens${3 + nicIndex}`;

/** The MTU of the nodes' NICs where the lab's networks are stretched over several hypervisors; else none is set. */
export const overlayMtuOf = (inventory: Inventory): number | undefined =>
  inventory.networks.find((n) => n.name === "chucky")?.mtu;

/** The masters, the arbiter and the workers (day-2 workers too): the installer's hosts. */
export const clusterNodesOf = (inventory: Inventory): InventoryNode[] =>
  inventory.nodes.filter((n) => isClusterRole(n.role));

/** The nodes the installer installs: the cluster nodes but the day-2 workers. */
export const installedNodesOf = (inventory: Inventory): InventoryNode[] =>
  clusterNodesOf(inventory).filter((n) => !n.day_two);

/** Whether the cluster has API and ingress VIPs: every cluster but the agent-based installer's on platform none. */
export const hasVips = (inventory: Inventory): boolean => inventory.cluster.agent?.platform !== "none";

/** Built once per model: the installer rule and the renderers both read it. */
const built = new WeakMap<Model, Inventory>();

export function buildInventory(cluster: Model): Inventory {
  const cached = built.get(cluster);
  if (cached) return cached;
  const inventory = inventoryOf(cluster);
  built.set(cluster, inventory);
  return inventory;
}

/** The node options' fields, only where the spec asks for the option: without them inventory.json keeps its shape. */
function nodeOptions(cluster: Model, node: Node): Partial<InventoryNode> {
  if (!isClusterRole(node.role)) return {};
  const { options } = cluster;
  return {
    ...(options.dataDisks
      ? { data_disks: node.dataDisks.map((d) => ({ device: d.device, gib: d.bytes / GiB, volume: d.volumeName })) }
      : {}),
    ...(options.firmware ? { firmware: node.firmware } : {}),
    ...(node.dayTwo ? { day_two: true } : {}),
  };
}

/** The agent-based installer's settings, with installer agent. */
const inventoryAgent = (agent: AgentInstall | undefined): { agent?: InventoryAgent } =>
  agent
    ? {
        agent: {
          platform: agent.platform,
          rendezvous_host: agent.rendezvousHost,
          rendezvous_ip: agent.rendezvousIp,
          iso: agent.isoPath,
        },
      }
    : {};

function inventoryOf(cluster: Model): Inventory {
  // Nodes boot from their provisioning NIC where there is a provisioning network, else from their first chucky NIC;
  // the agent-based installer's boot their disk or the agent ISO.
  const vbmc = cluster.management.provisioning;
  const agent = cluster.installer === "agent";
  // The agent-based installer's platform none has no VIPs: the plan keeps their addresses, unused.
  const vips = cluster.agent?.platform !== "none";
  const severalHosts = cluster.hypervisors.length > 1;
  const ipv6 = cluster.addressesV6 !== undefined;
  const nodes = cluster.nodes.map((node): InventoryNode => {
    const isClusterNode = isClusterRole(node.role);
    const bootNic = agent ? undefined : node.nics.find((nic) => nic.network === (vbmc ? "provision" : "chucky"));
    return {
      name: node.name,
      hostname: node.hostname,
      role: node.role,
      ...(severalHosts ? { hypervisor: node.hypervisor } : {}),
      vcpu: node.vcpu,
      memory_mib: node.memoryMiB,
      disk_gib: node.diskBytes / GiB,
      ...nodeOptions(cluster, node),
      running: node.running,
      nics: node.nics.map((nic, i) => ({
        network: nic.network,
        mac: nic.mac ?? null,
        address: nic.address ?? null,
        ...(ipv6 ? { address_v6: nic.addressV6 ?? null } : {}),
        purpose: nic.purpose,
        interface: isClusterNode ? rhcosInterface(i) : null,
      })),
      boot_mac: isClusterNode ? (bootNic?.mac ?? null) : null,
      ...(agent ? {} : { bmc: node.bmcAddress ? { address: node.bmcAddress } : null }),
    };
  });
  const totals = clusterTotals(cluster);
  const overlay = overlayOf(cluster);
  const { identity, addresses } = cluster;
  const chuckyV6 = cluster.networks.find((n) => n.name === "chucky")?.v6;
  return {
    cluster: {
      name: identity.name,
      base_domain: identity.baseDomain,
      ocp_version: identity.ocpVersion,
      ...(cluster.options.installer ? { installer: cluster.installer } : {}),
      ...inventoryAgent(cluster.agent),
      ...(cluster.fencing ? { control_plane: "two-node-fencing" as const } : {}),
      ...(cluster.osImageStream ? { os_image_stream: cluster.osImageStream } : {}),
      ...(agent ? {} : { architecture: cluster.management.architecture }),
      ...(cluster.options.management
        ? {
            provisioning_network: cluster.management.provisioningNetwork,
            bmc_driver: cluster.management.bmcDriver,
          }
        : {}),
      bonding: cluster.bonding,
      ...(vips ? { api_vip: addresses.apiVip, ingress_vip: addresses.ingressVip } : {}),
      ...(cluster.addressesV6
        ? {
            ip_stack: cluster.ipStack,
            ...(vips ? { api_vip_v6: cluster.addressesV6.apiVip, ingress_vip_v6: cluster.addressesV6.ingressVip } : {}),
            cluster_network_v6: cluster.clusterNetworkV6,
            service_network_v6: cluster.serviceNetworkV6,
            ...(chuckyV6 ? { reverse_zone_v6: ip6ArpaZone(chuckyV6.net) } : {}),
          }
        : {}),
    },
    networks: cluster.networks.map((n) => ({
      name: n.name,
      libvirt_name: n.libvirtName,
      bridge: n.bridge,
      cidr: n.cidr,
      ...(ipv6
        ? { families: n.families.map((f) => (f === 6 ? "ipv6" : "ipv4")), ...(n.v6 ? { cidr_v6: n.v6.cidr } : {}) }
        : {}),
      mode: n.mode,
      ...(overlay ? { mtu: overlay.nodeMtu } : {}),
    })),
    addresses: inventoryAddresses(addresses),
    ...(cluster.addressesV6 ? { addresses_v6: inventoryAddresses(cluster.addressesV6) } : {}),
    nodes,
    totals: { memory_gib: totals.memoryGiB, vcpus: totals.vcpus, disk_gib: totals.diskGiB },
  };
}
