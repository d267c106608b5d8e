// The whole address plan fits: every fixed address (gateway, support and provision VMs, every master and worker,
// the VIPs, api-int, the provisioning side) lies inside its network, is neither its network nor its broadcast
// address, and differs from the others; the DHCP ranges contain none of them. The plan grows with the cluster (see
// address-plan.ts), so this rule speaks only when the network is too small for it, naming the first node or
// address that does not fit.
import { compareIp, isUsableHost, parseCidr, parseIp, type IpNetwork } from "../model/ip";
import type { Finding } from "../findings";
import type { Cluster } from "../model/model";
import type { Rule } from "./rule";
import { ipv6Defaults } from "../input/spec";

/** What the spec's key holds once defaulted: the IPv6 prefixes default in the model, not in the schema. */
const defaultOf = (key: NetworkKey): string | undefined =>
  key === "chucky_net_addr_v6" || key === "provision_net_addr_v6" ? ipv6Defaults[key] : undefined;
import { lab, shown, the, type LabCondition, type SymbolRef } from "./lab-terms";

type NetworkKey = "chucky_net_addr" | "provision_net_addr" | "chucky_net_addr_v6" | "provision_net_addr_v6";
type Addresses = Cluster["addresses"];

interface Placed {
  readonly what: string;
  readonly address: string;
  /** The spec key that gave the address itself, where one did: a finding about it names that key. */
  readonly key?: "api_vip_v6" | "ingress_vip_v6";
}

/** chucky's fixed addresses in one family: the plan's, each node's NIC address in that family, the VIPs. */
function chuckyAddresses(cluster: Cluster, a: Addresses, family: 4 | 6): Placed[] {
  const placed: Placed[] = [
    { what: "the chucky gateway", address: a.chuckyGateway },
    { what: "the support VM", address: a.supportHost },
    { what: "the provision VM", address: a.provisionHost },
  ];
  for (const node of cluster.nodes) {
    if (node.role !== "master" && node.role !== "worker") continue;
    const nic = node.nics.find((n) => n.purpose === "chucky");
    const address = family === 6 ? nic?.addressV6 : nic?.address;
    if (address) placed.push({ what: node.name, address });
  }
  const given = (key: "api_vip_v6" | "ingress_vip_v6") =>
    family === 6 && cluster.spec[key] !== undefined ? { key } : {};
  placed.push(
    { what: "the start of the support VM's DHCP range", address: a.chuckyDhcpStart },
    { what: "the end of the support VM's DHCP range", address: a.chuckyDhcpEnd },
    { what: "the API VIP", address: a.apiVip, ...given("api_vip_v6") },
    { what: "api-int", address: a.apiIntVip },
    { what: "the ingress VIP", address: a.ingressVip, ...given("ingress_vip_v6") },
  );
  return placed;
}

function provisioningAddresses(a: Addresses): Placed[] {
  return [
    { what: "the installer's bootstrap provisioning address", address: a.bootstrapProvisioningIp },
    { what: "the installer's cluster provisioning address", address: a.clusterProvisioningIp },
    { what: "the provision VM's provisioning address", address: a.provisionIronic },
    { what: "the start of the provisioning DHCP range", address: a.provisioningDhcpStart },
    { what: "the end of the provisioning DHCP range", address: a.provisioningDhcpEnd },
  ];
}

const fixFor: Record<NetworkKey, string> = {
  chucky_net_addr: "use a larger chucky_net_addr (a /24 holds 128 workers) or build fewer workers",
  provision_net_addr: "use a larger provision_net_addr (a /24 holds 128 workers) or build fewer workers",
  chucky_net_addr_v6: "use a larger chucky_net_addr_v6 (a /120 holds 128 workers) or build fewer workers",
  provision_net_addr_v6: "use a larger provision_net_addr_v6 (the installer wants a /64) or build fewer workers",
};

/** A VIP the spec gives must be a free host of chucky's IPv6 network, outside the DHCP range. */
const vipFix = "give an address of chucky_net_addr_v6 that no node, VIP or the DHCP range uses, or leave the key out";

function checkNetwork(
  cluster: Cluster,
  key: NetworkKey,
  net: IpNetwork,
  placed: Placed[],
  range: [Placed, Placed],
): Finding[] {
  const value = cluster.spec[key] ?? defaultOf(key);
  const error = (message: string, about?: Placed): Finding =>
    about?.key
      ? { severity: "error", path: [about.key], value: about.address, message, fix: vipFix }
      : { severity: "error", path: [key], value, message, fix: fixFor[key] };
  // Where the plan runs past the network's end, every address after the first is past it too: one finding says it.
  const usable = placed.map((p) => isUsableHost(net, p.address));
  const outside = placed.find((_, i) => !usable[i]);
  const findings: Finding[] = outside
    ? [error(`${outside.what} would be ${outside.address}, which is not a usable host address of ${value}`, outside)]
    : [];
  const inside = placed.filter((_, i) => usable[i]);
  const seen = new Map<string, string>();
  for (const { what, address } of inside) {
    const other = seen.get(address);
    if (other)
      findings.push(
        error(
          `${what} and ${other} are both ${address}`,
          inside.find((p) => p.what === what),
        ),
      );
    seen.set(address, what);
  }
  const [start, end] = range.map((p) => parseIp(p.address)!);
  for (const placedAddress of inside) {
    const { what, address } = placedAddress;
    const ip = parseIp(address)!;
    if (range.some((p) => p.address === address) || compareIp(ip, start!) < 0 || compareIp(ip, end!) > 0) continue;
    findings.push(
      error(`${what} (${address}) lies in the DHCP range ${range[0].address}-${range[1].address}`, placedAddress),
    );
  }
  return findings;
}

const ingressVip = "the ingress VIP would be host";
const dhcpEnd = "the provisioning DHCP range would end at host";

/** A network that must hold a host number the worker count moves, at plan time. */
const holds = (key: NetworkKey, network: SymbolRef, host: SymbolRef, what: string): LabCondition => ({
  condition: lab`can(cidrhost(${network}, ${host} + 1))`,
  message: lab`${key} ${shown(network)} cannot hold ${shown(the.workerCount)} workers: ${what} ${shown(host)}. Use a larger network or fewer workers.`,
});

export const addressesRule: Rule<Cluster> = {
  id: "addresses",
  summary:
    "The address plan fits its networks, in each address family the lab has: every fixed address (gateway, support and provision VMs, every master and worker, the VIPs and api-int, the provisioning addresses) is a usable host of its network and differs from the others, and the DHCP ranges hold none of them; an IPv6 VIP the spec gives too. The error names the first node or address that does not fit.",
  check: (cluster) => {
    const pick = (placed: Placed[], what: string) => placed.find((p) => p.what === what)!;
    const chuckyIn = (key: NetworkKey, net: IpNetwork, a: Addresses, family: 4 | 6) => {
      const placed = chuckyAddresses(cluster, a, family);
      return checkNetwork(cluster, key, net, placed, [
        pick(placed, "the start of the support VM's DHCP range"),
        pick(placed, "the end of the support VM's DHCP range"),
      ]);
    };
    // The provisioning addresses are computed for redfish too (the outputs carry them), so they must fit.
    const provisioningIn = (key: NetworkKey, net: IpNetwork, a: Addresses) => {
      const placed = provisioningAddresses(a);
      return checkNetwork(cluster, key, net, placed, [
        pick(placed, "the start of the provisioning DHCP range"),
        pick(placed, "the end of the provisioning DHCP range"),
      ]);
    };
    const [chucky, provisioning] = [cluster.networks[0]!, cluster.networks.find((n) => n.name === "provision")];
    // The networks parse: the schema and the network rules ran before the model was built.
    const v4 = [
      ...chuckyIn("chucky_net_addr", parseCidr(cluster.spec.chucky_net_addr)!, cluster.addresses, 4),
      ...provisioningIn("provision_net_addr", parseCidr(cluster.spec.provision_net_addr)!, cluster.addresses),
    ];
    const a6 = cluster.addressesV6;
    if (!a6 || !chucky.v6) return v4;
    return [
      ...v4,
      ...chuckyIn("chucky_net_addr_v6", chucky.v6.net, a6, 6),
      ...(provisioning?.v6 ? provisioningIn("provision_net_addr_v6", provisioning.v6.net, a6) : []),
    ];
  },
  // With IPv6 the same host numbers must fit its prefixes: chucky's, and the provisioning network's where it is IPv6.
  preconditions: (cluster) => {
    const v6 = cluster.addressesV6 !== undefined;
    // The agent lab has no provisioning network, and no variable that could bring one.
    const ipi = cluster.installer === "ipi";
    return {
      chuckyNetwork: [
        holds("chucky_net_addr", the.chuckyNetwork, the.ingressVipHost, ingressVip),
        ...(ipi ? [holds("provision_net_addr", the.provisionNetwork, the.provisioningDhcpEndHost, dhcpEnd)] : []),
        ...(v6 ? [holds("chucky_net_addr_v6", the.chuckyNetworkV6, the.ingressVipHost, ingressVip)] : []),
        ...(ipi && v6 && cluster.provisioningFamily === 6
          ? [holds("provision_net_addr_v6", the.provisionNetworkV6, the.provisioningDhcpEndHost, dhcpEnd)]
          : []),
      ],
    };
  },
};
