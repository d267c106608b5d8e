// One host preparation script per hypervisor in use, for a lab whose networks are stretched over several: each
// host's bridges and VXLAN devices, its peers, and on the gateway host chucky's gateway and NAT.
import type { Cluster } from "../model/model";
import { openHypervisors, overlayOf } from "../model/overlay";
import { formats } from "../input/formats";
import { hostPreparationScript, type StretchedNetwork } from "./host-preparation";

/** The script's file name for a hypervisor: one per host, named after it. */
const hostPreparationFileName = (hypervisor: string): string => `host-preparation-${hypervisor}.sh`;

/** Every name hostPreparationFileName can give, for the output folder's boundary. */
export const hostPreparationFilePattern = new RegExp(
  `^host-preparation-${formats.hypervisorName.pattern.slice(1, -1)}\\.sh$`,
);

/**
 * A network's VXLAN identifier, from its bridge name: two labs on the same hosts (with different name_prefix) get
 * different identifiers, so their frames stay apart. FNV-1a over the name, into 1 … 2^24 − 1.
 */
function vniOf(bridge: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(bridge)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return (hash % (2 ** 24 - 1)) + 1;
}

/** chucky's gateway on its host: IPv4 with NAT, and IPv6, routed without NAT as libvirt routes it, where the lab has it. */
function gatewaysOf(cluster: Cluster, network: Cluster["networks"][number]): StretchedNetwork["gateways"] {
  const { addresses: a, addressesV6: a6 } = cluster;
  return [
    { address: a.chuckyGateway, prefixLength: a.chuckyPrefix, cidr: network.cidr, masquerade: true },
    ...(a6 && network.v6
      ? [{ address: a6.chuckyGateway, prefixLength: a6.chuckyPrefix, cidr: network.v6.cidr, masquerade: false }]
      : []),
  ];
}

export function hostPreparationFiles(cluster: Cluster): [string, string][] {
  const overlay = overlayOf(cluster);
  if (!overlay) return [];
  const hosts = openHypervisors(cluster);
  const gateway = cluster.hypervisors[0]!;
  return hosts.map((host) => {
    const networks = cluster.networks.map((network): StretchedNetwork => {
      const vni = vniOf(network.bridge);
      const routed = network.mode === "nat" && host === gateway;
      return {
        name: network.name,
        bridge: network.bridge,
        vxlanDevice: `vx${vni}`,
        vni,
        mtu: overlay.nodeMtu,
        ...(routed ? { gateways: gatewaysOf(cluster, network) } : {}),
      };
    });
    const script = hostPreparationScript({
      hypervisor: host.name,
      underlayAddress: host.underlayAddress!,
      peers: hosts
        .filter((peer) => peer !== host)
        .map((peer) => ({ name: peer.name, underlayAddress: peer.underlayAddress! })),
      networks,
    });
    return [hostPreparationFileName(host.name), script];
  });
}
