// The support VM's DHCP and DNS data, from the inventory: ISC dhcpd's configuration with one fixed host per node
// MAC, and named's forward and reverse zones. Unlike the seed's Ansible templates, which build every address by
// appending a host number to the first three octets of a /24, these come from the address plan, so they hold for
// any prefix and for clusters of any size gen-infra accepts. Pure.
import { renderTemplate } from "../syntax/eta";
import { firstAddress, formatIp, parseCidr, parseIp } from "../model/ip";
import { clusterNodesOf, overlayMtuOf, type Inventory, type InventoryNode } from "./inventory";

const chuckyOf = (inventory: Inventory) => inventory.networks.find((n) => n.name === "chucky")!;

/** A node's IPv4 address on chucky: its chucky NIC's (a bond port holds the same while active), or null. */
const chuckyAddress = (node: InventoryNode): string | null =>
  node.nics.find((n) => n.purpose === "chucky")?.address ?? null;

export function dhcpdConf(inventory: Inventory, source: string): string {
  const a = inventory.addresses;
  // A cluster of IPv6 only has no IPv4 reservations.
  const hosts = clusterNodesOf(inventory).flatMap((node) =>
    chuckyAddress(node) === null
      ? []
      : node.nics
          .filter((nic) => nic.network === "chucky" && nic.mac)
          .map((nic, i) => ({
            // dhcpd host names are declaration labels: one per MAC, the bond port's marked as such.
            id: i === 0 ? node.name : `${node.name}-port${i + 1}`,
            mac: nic.mac!,
            address: chuckyAddress(node)!,
            hostname: node.hostname,
          })),
  );
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
  });
}

/** Each fixed name of the cluster's DNS with its address, relative to the base zone, as the seed names them. */
function dnsRecords(inventory: Inventory): { name: string; address: string }[] {
  const { cluster, addresses: a } = inventory;
  const inCluster = (name: string) => `${name}.${cluster.name}`;
  const relative = (fqdn: string) => fqdn.slice(0, -(cluster.base_domain.length + 1));
  return [
    { name: "support", address: a.support_host },
    { name: "provision", address: a.provision_host },
    ...clusterNodesOf(inventory).flatMap((node) => {
      const address = chuckyAddress(node);
      return address === null ? [] : [{ name: relative(node.hostname), address }];
    }),
    { name: inCluster("api"), address: a.api_vip },
    { name: inCluster("api-int"), address: a.api_int_vip },
    { name: inCluster("*.apps"), address: a.ingress_vip },
  ];
}

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
  // The wildcard has no reverse; every other name has one.
  const records = dnsRecords(inventory)
    .filter((r) => !r.name.startsWith("*."))
    .map((r) => ({ host: String(parseIp(r.address)!.value % 256n), name: `${r.name}.${zone}` }));
  return renderTemplate("support/reverse.zone", {
    source,
    zone: reverseZoneName(inventory),
    forwardZone: zone,
    records,
  });
}
