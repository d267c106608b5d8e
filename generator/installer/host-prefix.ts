// A cluster network's hostPrefix, the size of the subnet each node gets from it (pkg/types/validation): within the
// network, 64 for IPv6 (OVN-Kubernetes gives each node a /64), and from releases.sameIpv4HostPrefix one size for
// every IPv4 cluster network. Pure.
import { formatNetwork } from "../model/ip";
import { releaseHas, releases, type Release } from "../releases";
import { invalid, type FieldError } from "./errors";
import type { ClusterNetwork } from "./networks";

/** The network plugins whose cluster networks need a hostPrefix; another one's may leave it out (0). */
const pluginsUsingHostPrefix = (release: Release): readonly string[] =>
  releaseHas(release, releases.openShiftSdnRefused) ? ["OVNKubernetes"] : ["OpenShiftSDN", "OVNKubernetes"];

/** The errors of cluster network i's hostPrefix, under networking.clusterNetwork[i].hostPrefix. */
export function hostPrefixErrors(
  cluster: readonly ClusterNetwork[],
  i: number,
  networkType: string,
  release: Release,
): FieldError[] {
  const { network, hostPrefix } = cluster[i]!;
  const error = (detail: string) => invalid(`networking.clusterNetwork[${i}].hostPrefix`, String(hostPrefix), detail);
  const checked = pluginsUsingHostPrefix(release).includes(networkType) || hostPrefix !== 0;
  const positive = hostPrefix < 0 ? [error("hostPrefix must be positive")] : [];
  const size = () => {
    if (hostPrefix < network.prefix) {
      return [
        error(`cluster network host subnetwork prefix must not be larger size than CIDR ${formatNetwork(network)}`),
      ];
    }
    if (network.family === 6) {
      return hostPrefix === 64 ? [] : [error("cluster network host subnetwork prefix must be 64 for IPv6 networks")];
    }
    if (!releaseHas(release, releases.sameIpv4HostPrefix)) return [];
    // One error at most, for the first earlier IPv4 network that differs.
    const differs = cluster
      .slice(0, i)
      .some((earlier) => earlier.network.family === 4 && earlier.hostPrefix !== hostPrefix);
    return differs ? [error("cluster network host subnetwork prefix must be the same value for IPv4 networks")] : [];
  };
  if (!releaseHas(release, releases.sameIpv4HostPrefix)) return [...positive, ...(checked ? size() : [])];
  // From then on a negative hostPrefix is that error alone.
  if (!checked) return [];
  return positive.length > 0 ? positive : size();
}
