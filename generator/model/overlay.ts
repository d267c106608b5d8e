// The overlay of a lab on several hypervisors: VXLAN stretches chucky and the provisioning network between the
// hosts in use, and takes its header out of every frame, so the lab's NICs get a smaller MTU than the underlay's.
import type { Cluster, Hypervisor } from "./model";
import { parseIp } from "./ip";

/** VXLAN's header with the outer UDP and IP headers: 50 bytes over IPv4, 70 over IPv6 (measured). */
const vxlanOverhead = { 4: 50, 6: 70 } as const;

export interface Overlay {
  /** The MTU of every NIC on the stretched networks. */
  readonly nodeMtu: number;
  readonly overheadBytes: number;
  /** The host whose underlay MTU sets nodeMtu. */
  readonly narrowest: Hypervisor;
}

/** The hosts VMs may run on. */
export const openHypervisors = (cluster: Pick<Cluster, "hypervisors">): readonly Hypervisor[] =>
  cluster.hypervisors.filter((host) => !host.retired);

/** The overlay, where more than one hypervisor is in use. */
export function overlayOf(cluster: Pick<Cluster, "hypervisors">): Overlay | undefined {
  const open = openHypervisors(cluster);
  if (open.length < 2) return undefined;
  const family = parseIp(open[0]!.underlayAddress ?? "")?.family ?? 4;
  const narrowest = open.reduce((a, b) => (b.underlayMtu < a.underlayMtu ? b : a));
  const overheadBytes = vxlanOverhead[family];
  return { nodeMtu: narrowest.underlayMtu - overheadBytes, overheadBytes, narrowest };
}
