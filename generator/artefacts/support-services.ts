// The support VM's DHCP and DNS data, from the inventory: ISC dhcpd's configuration with one fixed host per node
// MAC, and named's forward and reverse zones. Unlike the seed's Ansible templates, which build every address by
// appending a host number to the first three octets of a /24, these come from the address plan, so they hold for
// any prefix and for clusters of any size gen-infra accepts. Where the cluster has IPv6, the same for chucky's IPv6
// prefix: dhcpd -6's configuration, radvd's, and the ip6.arpa zone. Without VIPs (the agent-based installer's
// platform none), the DNS itself spreads the API and the routers' names over the nodes. Pure.
import { renderTemplate } from "../syntax/eta";
import { firstAddress, formatIp, formatNetwork, ip6ArpaName, parseCidr, parseIp, withoutHostBits } from "../model/ip";
import {
  clusterNodesOf,
  hasVips,
  installedNodesOf,
  overlayMtuOf,
  type Inventory,
  type InventoryNode,
} from "./inventory";
import { familiesOf } from "../model/model";

const chuckyOf = (inventory: Inventory) => inventory.networks.find((n) => n.name === "chucky")!;

/** A node's IPv4 address on chucky: its chucky NIC's (a bond port holds the same while active), or null. */
const chuckyAddress = (node: InventoryNode): string | null =>
  node.nics.find((n) => n.purpose === "chucky")?.address ?? null;

/** A dhcpd host declaration: a MAC and the address reserved for it. */
interface Reservation {
  /** dhcpd's declaration label: one per MAC, a bond port's marked as such. */
  readonly id: string;
  readonly mac: string;
  readonly address: string;
  readonly hostname: string;
}

/**
 * One reservation per chucky MAC of each cluster node with an address in the family: the chucky NIC's and the bond
 * port's, which holds the bond's address while it is the active port.
 */
const reservations = (inventory: Inventory, addressOf: (node: InventoryNode) => string | null): Reservation[] =>
  clusterNodesOf(inventory).flatMap((node) => {
    const address = addressOf(node);
    if (address === null) return [];
    return node.nics
      .filter((nic) => nic.network === "chucky" && nic.mac)
      .map((nic, i) => ({
        id: i === 0 ? node.name : `${node.name}-port${i + 1}`,
        mac: nic.mac!,
        address,
        hostname: node.hostname,
      }));
  });

export function dhcpdConf(inventory: Inventory, source: string): string {
  const a = inventory.addresses;
  // A cluster of IPv6 only has no IPv4 reservations: its nodes take their addresses from dhcpd6.conf.
  const hosts = reservations(inventory, chuckyAddress);
  return renderTemplate("support/dhcpd.conf", {
    source,
    zone: inventory.cluster.base_domain,
    subnet: formatIp(firstAddress(parseCidr(chuckyOf(inventory).cidr)!)),
    netmask: a.chucky_netmask,
    rangeStart: a.chucky_dhcp_start,
    rangeEnd: a.chucky_dhcp_end,
    gateway: a.chucky_gateway,
    nameserver: a.support_host,
    mtu: overlayMtuOf(inventory),
    hosts,
    ipv6Only: !clusterHasIpv4(inventory),
    provisionVm: hasProvisionVm(inventory),
  });
}

/** chucky's IPv6 prefix as dhcpd and radvd declare it, host bits cleared; undefined where the cluster has no IPv6. */
const chuckyPrefixV6 = (inventory: Inventory): string | undefined => {
  const written = chuckyOf(inventory).cidr_v6;
  return written === undefined ? undefined : formatNetwork(withoutHostBits(parseCidr(written)!));
};

/**
 * ISC dhcpd -6's configuration, where the cluster has IPv6: the dynamic range, the name server and search domain,
 * and one fixed IPv6 address per node MAC. RHCOS and the Ironic ramdisk identify themselves by a DUID-LL built from
 * the NIC's MAC, and dhcpd 4.4 matches `hardware ethernet` against a DUID-LL or DUID-LLT, so the MACs of the plan
 * select the hosts as they do for IPv4.
 */
export function dhcpd6Conf(inventory: Inventory, source: string): string | undefined {
  const a6 = inventory.addresses_v6;
  const subnet = chuckyPrefixV6(inventory);
  if (a6 === undefined || subnet === undefined) return undefined;
  return renderTemplate("support/dhcpd6.conf", {
    source,
    zone: inventory.cluster.base_domain,
    subnet,
    rangeStart: a6.chucky_dhcp_start,
    rangeEnd: a6.chucky_dhcp_end,
    nameserver: a6.support_host,
    hosts: reservations(inventory, chuckyAddressV6),
  });
}

/** The support VM's NIC on chucky, as its cloud-init network configuration names it. */
const supportNic = "eth0";

/**
 * What chucky's router advertisements say. Addresses are managed (M) and the rest is other configuration (O): both
 * come from DHCPv6, and with autonomous configuration off no host makes an address of its own (SLAAC), so every
 * address is the plan's. A router lifetime above zero makes the support VM the nodes' IPv6 default router.
 */
const advertisement = { managed: true, other: true, autonomous: false, routerLifetimeSeconds: 1800 } as const;

const onOff = (flag: boolean): string => (flag ? "on" : "off");

/** radvd's configuration, where the cluster has IPv6: the support VM is chucky's only source of advertisements. */
export function radvdConf(inventory: Inventory, source: string): string | undefined {
  const prefix = chuckyPrefixV6(inventory);
  if (prefix === undefined) return undefined;
  return renderTemplate("support/radvd.conf", {
    source,
    interface: supportNic,
    managed: onOff(advertisement.managed),
    other: onOff(advertisement.other),
    autonomous: onOff(advertisement.autonomous),
    routerLifetime: advertisement.routerLifetimeSeconds,
    prefix,
    mtu: overlayMtuOf(inventory),
  });
}

type RecordType = "A" | "AAAA";

interface DnsRecord {
  /** Relative to the base zone. */
  readonly name: string;
  readonly type: RecordType;
  readonly address: string;
  /**
   * Whether the reverse zone maps the address back to this name: the name the address belongs to, never a wildcard,
   * nor a name that shares its nodes' addresses in place of VIPs.
   */
  readonly reverse: boolean;
}

/** The provision VM exists for the installer-provisioned flow only: the agent-based installer's lab has none. */
const hasProvisionVm = (inventory: Inventory): boolean => inventory.nodes.some((n) => n.role === "provision");

/**
 * The assisted service makes the masters schedulable in a cluster of fewer hosts than this, so that they run the
 * workloads, the routers among them, beside fewer than two workers.
 */
const schedulableMastersBelowHosts = 5;

/**
 * The nodes that run the cluster's routers: the workers, or every node where the masters are schedulable too (a
 * compact or single-node cluster, or one with a single worker).
 */
function routerNodes(inventory: Inventory): InventoryNode[] {
  const installed = installedNodesOf(inventory);
  return installed.length < schedulableMastersBelowHosts ? installed : installed.filter((n) => n.role === "worker");
}

/** Whether the cluster has IPv4: inventory.json names no stack for IPv4 alone. */
const clusterHasIpv4 = (inventory: Inventory): boolean => familiesOf(inventory.cluster.ip_stack ?? "v4").includes(4);

/** A node's IPv6 address on chucky (its chucky NIC's, which a bond port shares), or null. */
const chuckyAddressV6 = (node: InventoryNode): string | null =>
  node.nics.find((n) => n.purpose === "chucky")?.address_v6 ?? null;

/** A name's records for an IPv4 address, then an IPv6 one, where each is given. */
const named = (name: string, v4: string | null, v6: string | null | undefined, reverse = true): DnsRecord[] => [
  ...(v4 === null ? [] : [{ name, type: "A" as const, address: v4, reverse }]),
  ...(v6 === null || v6 === undefined ? [] : [{ name, type: "AAAA" as const, address: v6, reverse }]),
];

/** api, api-int and *.apps at the VIPs, in the cluster's families; the wildcard has no reverse. */
function vipRecords(inventory: Inventory, inCluster: (name: string) => string): DnsRecord[] {
  const { addresses: a, addresses_v6: a6 } = inventory;
  const vip = (v4: string, v6: string | undefined) => [clusterHasIpv4(inventory) ? v4 : null, v6] as const;
  return [
    ...named(inCluster("api"), ...vip(a.api_vip, a6?.api_vip)),
    ...named(inCluster("api-int"), ...vip(a.api_int_vip, a6?.api_int_vip)),
    ...named(inCluster("*.apps"), ...vip(a.ingress_vip, a6?.ingress_vip), false),
  ];
}

/**
 * Without VIPs, DNS stands in for the load balancer: api and api-int have every master's addresses, *.apps every
 * router node's, which clients take in turn. None is reversed: each address's name is its node's.
 */
function nodeEndpointRecords(inventory: Inventory, inCluster: (name: string) => string): DnsRecord[] {
  const masters = installedNodesOf(inventory).filter((n) => n.role === "master");
  const at = (name: string, nodes: readonly InventoryNode[]) =>
    nodes.flatMap((node) => named(name, chuckyAddress(node), chuckyAddressV6(node), false));
  return [
    ...at(inCluster("api"), masters),
    ...at(inCluster("api-int"), masters),
    ...at(inCluster("*.apps"), routerNodes(inventory)),
  ];
}

/**
 * Each fixed name of the cluster's DNS with its addresses, relative to the base zone, as the seed names them: an A
 * record for an IPv4 address, then an AAAA record for an IPv6 one. The support and provision VMs keep IPv4 in every
 * stack; the nodes and the VIPs have the cluster's families.
 */
function dnsRecords(inventory: Inventory): DnsRecord[] {
  const { cluster, addresses: a, addresses_v6: a6 } = inventory;
  const inCluster = (name: string) => `${name}.${cluster.name}`;
  const relative = (fqdn: string) => fqdn.slice(0, -(cluster.base_domain.length + 1));
  return [
    ...named("support", a.support_host, a6?.support_host),
    ...(hasProvisionVm(inventory) ? named("provision", a.provision_host, a6?.provision_host) : []),
    ...clusterNodesOf(inventory).flatMap((node) =>
      named(relative(node.hostname), chuckyAddress(node), chuckyAddressV6(node)),
    ),
    ...(hasVips(inventory) ? vipRecords(inventory, inCluster) : nodeEndpointRecords(inventory, inCluster)),
  ];
}

/** The records a reverse zone maps back to their names: one family's. */
const reversible = (inventory: Inventory, type: RecordType): DnsRecord[] =>
  dnsRecords(inventory).filter((r) => r.type === type && r.reverse);

export function forwardZone(inventory: Inventory, source: string): string {
  const records = dnsRecords(inventory);
  return renderTemplate("support/forward.zone", {
    source,
    zone: inventory.cluster.base_domain,
    records,
    width: Math.max(...records.map((r) => r.name.length)),
  });
}

/**
 * The reverse zone's name. Every address of the plan is a host number below 256 added to a network address whose
 * host bits are zero, so all of them share that network's first three octets, whatever its prefix: one /24 zone
 * holds them all.
 */
export function reverseZoneName(inventory: Inventory): string {
  const [a, b, c] = formatIp(firstAddress(parseCidr(chuckyOf(inventory).cidr)!)).split(".");
  return `${c}.${b}.${a}.in-addr.arpa`;
}

export function reverseZone(inventory: Inventory, source: string): string {
  const zone = inventory.cluster.base_domain;
  const records = reversible(inventory, "A").map((r) => ({
    host: String(parseIp(r.address)!.value % 256n),
    name: `${r.name}.${zone}`,
  }));
  return renderTemplate("support/reverse.zone", {
    source,
    zone: reverseZoneName(inventory),
    forwardZone: zone,
    records,
  });
}

/**
 * A name relative to the zone it lies under. One that lies elsewhere stays absolute, so that it reads as the stray it
 * is: named would drop it silently, and the containment tests catch it.
 */
const relativeTo = (name: string, zone: string): string =>
  name.endsWith(`.${zone}`) ? name.slice(0, -(zone.length + 1)) : `${name}.`;

/**
 * The IPv6 reverse zone, where the cluster has IPv6: a PTR record for every IPv6 address of the forward zone but the
 * wildcard's. Its name (inventory.json's cluster.reverse_zone_v6) is chucky's prefix cut at a nibble boundary.
 */
export function reverse6Zone(inventory: Inventory, source: string): string | undefined {
  const zone = inventory.cluster.reverse_zone_v6;
  const prefix = chuckyPrefixV6(inventory);
  if (zone === undefined || prefix === undefined) return undefined;
  const base = inventory.cluster.base_domain;
  const records = reversible(inventory, "AAAA").map((r) => ({
    owner: relativeTo(ip6ArpaName(parseIp(r.address)!), zone),
    name: `${r.name}.${base}`,
  }));
  return renderTemplate("support/reverse6.zone", {
    source,
    zone,
    prefix,
    forwardZone: base,
    records,
    width: Math.max(...records.map((r) => r.owner.length)),
  });
}
