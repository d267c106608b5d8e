// The subnets OVN-Kubernetes keeps for itself (join, transit, masquerade) by default, which no machine, service or
// cluster network may overlap from releases.ovnDefaultSubnets (pkg/types/validation, pkg/validate). Pure.
import { formatNetwork, overlaps, parseCidr, type IpFamily, type IpNetwork } from "../model/ip";
import { releaseHas, releases, type Release } from "../releases";
import { invalidString, type FieldError } from "./errors";

interface OvnSubnet {
  /** As the installer's message names it. */
  readonly kind: "internal" | "transit" | "masquerade";
  readonly cidr: string;
}

// The masquerade subnets are the defaults from 4.18; the first release with this rule is 4.19.
const defaults: Record<IpFamily, readonly OvnSubnet[]> = {
  4: [
    { kind: "internal", cidr: "100.64.0.0/16" },
    { kind: "transit", cidr: "100.88.0.0/16" },
    { kind: "masquerade", cidr: "169.254.0.0/17" },
  ],
  6: [
    { kind: "internal", cidr: "fd98::/64" },
    { kind: "transit", cidr: "fd97::/64" },
    { kind: "masquerade", cidr: "fd69::/112" },
  ],
};

/** How the installer compares network types from releases.ovnDefaultSubnets: without case. */
export const sameNetworkType = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * The overlaps of one network with OVN-Kubernetes' defaults, when the network plugin is OVN-Kubernetes (the
 * install-config's ovnKubernetesConfig, which could move the join subnet, is not among the fields gen-infra writes).
 */
export function ovnSubnetErrors(path: string, network: IpNetwork, networkType: string, release: Release): FieldError[] {
  if (!sameNetworkType(networkType, "OVNKubernetes")) return [];
  const family = network.family === 4 ? "ipv4" : "ipv6";
  const hint = releaseHas(release, releases.ovnJoinSubnetHint)
    ? `: please run 'openshift-install explain installconfig.networking.ovnKubernetesConfig.${family}' for further documentation`
    : "";
  return defaults[network.family].flatMap(({ kind, cidr }) =>
    overlaps(network, parseCidr(cidr)!)
      ? [
          invalidString(
            path,
            formatNetwork(network),
            `must not overlap with OVNKubernetes default ${kind} subnet ${cidr}${kind === "internal" ? hint : ""}`,
          ),
        ]
      : [],
  );
}
