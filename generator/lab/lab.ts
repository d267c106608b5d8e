// The lab as any target builds it: hypervisors, networks and nodes, with nothing of one target's vocabulary (no
// libvirt object names, no HCL) and none of the spec's own shape. Several hypervisors, IPv6 and another provider
// generation are more entries here, not new fields: each network lists one prefix per address family, each NIC an
// address per family, each node the hypervisor it runs on.
import type { Connection } from "../input/spec";
import { isClusterRole, type Cluster, type Firmware, type Node, type Role } from "../model/model";
import { parseIp, type IpFamily } from "../model/ip";

type AddressFamily = "ipv4" | "ipv6";

interface Prefix {
  readonly family: AddressFamily;
  readonly cidr: string;
}

interface Hypervisor {
  readonly name: string;
  /** How a target reaches the hypervisor's libvirt: a URI, or the state file of the Terraform run that built it. */
  readonly connection: Connection;
  /** Where its volumes go. */
  readonly pool: string;
  /** Its address on the network between the hosts, which carries the stretched networks; none on a lab of one. */
  readonly underlayAddress: string | undefined;
  /** Nothing runs on it; it stays in the lab until what the target built there is gone. */
  readonly retired: boolean;
}

interface LabNetwork {
  readonly name: string;
  readonly prefixes: readonly Prefix[];
  /** Routed to the outside through the hypervisor (NAT), or closed. */
  readonly reach: "nat" | "isolated";
}

interface LabAddress {
  readonly family: AddressFamily;
  readonly address: string;
}

interface LabNic {
  readonly network: string;
  /** Fixed by the lab's MAC plan, or undefined where the hypervisor assigns one. */
  readonly mac: string | undefined;
  /** Fixed addresses, one per family the network has: static, or reserved for the MAC by the lab's DHCP. */
  readonly addresses: readonly LabAddress[];
  readonly purpose: "provisioning" | "chucky" | "bond port";
}

interface LabDisk {
  readonly bytes: number;
}

interface LabNode {
  readonly role: Role;
  readonly index: number;
  /** The VM's name, which its BMC also answers to. */
  readonly name: string;
  readonly hostname: string;
  readonly hypervisor: string;
  readonly vcpu: number;
  readonly memoryMiB: number;
  /** The OS disk first, then the data disks in order. */
  readonly disks: readonly LabDisk[];
  readonly firmware: Firmware;
  readonly running: boolean;
  readonly dayTwo: boolean;
  readonly nics: readonly LabNic[];
  /** Masters, the arbiter and workers: where the installer reaches their BMC. */
  readonly bmc?: { readonly address: string };
}

export interface Lab {
  /** The gateway host first: it routes chucky to the outside and runs the support and provision VMs. */
  readonly hypervisors: readonly Hypervisor[];
  readonly networks: readonly LabNetwork[];
  readonly nodes: readonly LabNode[];
}

const familyName = (family: IpFamily): AddressFamily => (family === 6 ? "ipv6" : "ipv4");

/** The model computes every address, so each parses. */
function labAddress(address: string): LabAddress {
  const ip = parseIp(address);
  if (!ip) throw new Error(`the model computed an address that does not parse: ${address}`);
  return { family: familyName(ip.family), address };
}

function labNode(node: Node): LabNode {
  return {
    role: node.role,
    index: node.index,
    name: node.name,
    hostname: node.hostname,
    hypervisor: node.hypervisor,
    vcpu: node.vcpu,
    memoryMiB: node.memoryMiB,
    disks: [{ bytes: node.diskBytes }, ...node.dataDisks.map((disk) => ({ bytes: disk.bytes }))],
    firmware: node.firmware,
    running: node.running,
    dayTwo: node.dayTwo,
    nics: node.nics.map((nic) => ({
      network: nic.network,
      mac: nic.mac,
      addresses: [nic.address, nic.addressV6].filter((a) => a !== undefined).map(labAddress),
      purpose: nic.purpose,
    })),
    ...(isClusterRole(node.role) && node.bmcAddress ? { bmc: { address: node.bmcAddress } } : {}),
  };
}

export function describeLab(cluster: Cluster): Lab {
  return {
    hypervisors: cluster.hypervisors.map((h) => ({
      name: h.name,
      connection: h.connection,
      pool: h.pool,
      underlayAddress: h.underlayAddress,
      retired: h.retired,
    })),
    networks: cluster.networks.map((network) => ({
      name: network.name,
      prefixes: network.families.map((family) => ({
        family: familyName(family),
        cidr: family === 6 ? network.v6!.cidr : network.cidr,
      })),
      reach: network.mode === "nat" ? "nat" : "isolated",
    })),
    nodes: cluster.nodes.map(labNode),
  };
}
