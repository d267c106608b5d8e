// The whole address plan fits: every fixed address (gateway, support and provision VMs, every master and worker,
// the VIPs, api-int, the provisioning side) lies inside its network, is neither its network nor its broadcast
// address, and differs from the others; the DHCP ranges contain none of them. The plan grows with the cluster (see
// address-plan.ts), so this rule speaks only when the network is too small for it, naming the first node or
// address that does not fit.
import { compareIp, isUsableHost, parseCidr, parseIp, type IpNetwork } from "../model/ip";
import type { Finding } from "../findings";
import type { Cluster } from "../model/model";
import type { Rule } from "./rule";
import { lab, shown, the } from "./lab-terms";

type NetworkKey = "chucky_net_addr" | "provision_net_addr";

interface Placed {
  readonly what: string;
  readonly address: string;
}

function chuckyAddresses({ addresses: a, nodes }: Cluster): Placed[] {
  const placed: Placed[] = [
    { what: "the chucky gateway", address: a.chuckyGateway },
    { what: "the support VM", address: a.supportHost },
    { what: "the provision VM", address: a.provisionHost },
  ];
  for (const node of nodes) {
    if (node.role !== "master" && node.role !== "worker") continue;
    const nic = node.nics.find((n) => n.purpose === "chucky" && n.address);
    if (nic?.address) placed.push({ what: node.name, address: nic.address });
  }
  placed.push(
    { what: "the start of the support VM's DHCP range", address: a.chuckyDhcpStart },
    { what: "the end of the support VM's DHCP range", address: a.chuckyDhcpEnd },
    { what: "the API VIP", address: a.apiVip },
    { what: "api-int", address: a.apiIntVip },
    { what: "the ingress VIP", address: a.ingressVip },
  );
  return placed;
}

function provisioningAddresses({ addresses: a }: Cluster): Placed[] {
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
};

function checkNetwork(
  cluster: Cluster,
  key: NetworkKey,
  net: IpNetwork,
  placed: Placed[],
  range: [Placed, Placed],
): Finding[] {
  const value = cluster.spec[key];
  const error = (message: string): Finding => ({ severity: "error", path: [key], value, message, fix: fixFor[key] });
  // Where the plan runs past the network's end, every address after the first is past it too: one finding says it.
  const usable = placed.map((p) => isUsableHost(net, p.address));
  const outside = placed.find((_, i) => !usable[i]);
  const findings: Finding[] = outside
    ? [error(`${outside.what} would be ${outside.address}, which is not a usable host address of ${value}`)]
    : [];
  const inside = placed.filter((_, i) => usable[i]);
  const seen = new Map<string, string>();
  for (const { what, address } of inside) {
    const other = seen.get(address);
    if (other) findings.push(error(`${what} and ${other} are both ${address}`));
    seen.set(address, what);
  }
  const [start, end] = range.map((p) => parseIp(p.address)!);
  for (const { what, address } of inside) {
    const ip = parseIp(address)!;
    if (range.some((p) => p.address === address) || compareIp(ip, start!) < 0 || compareIp(ip, end!) > 0) continue;
    findings.push(error(`${what} (${address}) lies in the DHCP range ${range[0].address}-${range[1].address}`));
  }
  return findings;
}

export const addressesRule: Rule<Cluster> = {
  id: "addresses",
  summary:
    "The address plan fits its networks: every fixed address (gateway, support and provision VMs, every master and worker, the VIPs and api-int, the provisioning addresses) is a usable host of its network and differs from the others, and the DHCP ranges hold none of them. The error names the first node or address that does not fit.",
  check: (cluster) => {
    // Both parse: the schema and the network rules ran before the model was built.
    const chucky = parseCidr(cluster.spec.chucky_net_addr)!;
    const provisioning = parseCidr(cluster.spec.provision_net_addr)!;
    const chuckyPlaced = chuckyAddresses(cluster);
    const provisioningPlaced = provisioningAddresses(cluster);
    const pick = (placed: Placed[], what: string) => placed.find((p) => p.what === what)!;
    return [
      ...checkNetwork(cluster, "chucky_net_addr", chucky, chuckyPlaced, [
        pick(chuckyPlaced, "the start of the support VM's DHCP range"),
        pick(chuckyPlaced, "the end of the support VM's DHCP range"),
      ]),
      // The provisioning addresses are computed for redfish too (the outputs carry them), so they must fit.
      ...checkNetwork(cluster, "provision_net_addr", provisioning, provisioningPlaced, [
        pick(provisioningPlaced, "the start of the provisioning DHCP range"),
        pick(provisioningPlaced, "the end of the provisioning DHCP range"),
      ]),
    ];
  },
  preconditions: () => ({
    chuckyNetwork: [
      {
        condition: lab`can(cidrhost(${the.chuckyNetwork}, ${the.ingressVipHost} + 1))`,
        message: lab`chucky_net_addr ${shown(the.chuckyNetwork)} cannot hold ${shown(the.workerCount)} workers: the ingress VIP would be host ${shown(the.ingressVipHost)}. Use a larger network or fewer workers.`,
      },
      {
        condition: lab`can(cidrhost(${the.provisionNetwork}, ${the.provisioningDhcpEndHost} + 1))`,
        message: lab`provision_net_addr ${shown(the.provisionNetwork)} cannot hold ${shown(the.workerCount)} workers: the provisioning DHCP range would end at host ${shown(the.provisioningDhcpEndHost)}. Use a larger network or fewer workers.`,
      },
    ],
  }),
};
