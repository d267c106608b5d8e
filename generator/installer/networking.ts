// The networking lists themselves (pkg/types/validation validateNetworking): a network plugin, at least one network
// in each list, each CIDR a network address (service networks of a size Kubernetes can use), no network overlapping
// another, nor, from releases.ovnDefaultSubnets, OVN-Kubernetes' own subnets; the hostPrefix of each cluster network.
// Pure.
import type { InstallConfig } from "./install-config-types";
import { formatNetwork, hasHostBits, overlaps, withoutHostBits, type IpNetwork } from "../model/ip";
import { releaseHas, releases, type Release } from "../releases";
import { invalidString, required, type FieldError } from "./errors";
import type { Networks } from "./networks";
import { ovnSubnetErrors, sameNetworkType } from "./ovn-subnets";
import { hostPrefixErrors } from "./host-prefix";

/** pkg/validate's SubnetCIDR: what is wrong with a CIDR as a network, if anything. */
function subnetDetail(network: IpNetwork): string | undefined {
  if (network.address === 0n) return "address must be specified";
  if (!hasHostBits(network)) return undefined;
  return `invalid network address. got ${formatNetwork(network)}, expecting ${formatNetwork(withoutHostBits(network))}`;
}

/** pkg/validate's ServiceSubnetCIDR: a subnet, and one large enough for the services (Kubernetes' own limits). */
function serviceSubnetDetail(network: IpNetwork): string | undefined {
  const subnet = subnetDetail(network);
  if (subnet !== undefined) return subnet;
  if (network.family === 4 && network.prefix < 12) {
    return "subnet size for IPv4 service network must be /12 or greater (/16 is recommended)";
  }
  if (network.family === 6 && network.prefix < 108) return "subnet size for IPv6 service network should be /112";
  return undefined;
}

interface Checked {
  readonly path: string;
  readonly network: IpNetwork;
  readonly detail: string | undefined;
}

/**
 * The checks every network starts with: its CIDR, then OVN-Kubernetes' subnets. From releases.ovnDefaultSubnets a
 * network whose CIDR is wrong gets no other check (rest is false then).
 */
function ownErrors({ path, network, detail }: Checked, networkType: string, release: Release) {
  const cidr = detail === undefined ? [] : [invalidString(path, formatNetwork(network), detail)];
  if (!releaseHas(release, releases.ovnDefaultSubnets)) return { errors: cidr, rest: true };
  if (detail !== undefined) return { errors: cidr, rest: false };
  return { errors: ovnSubnetErrors(path, network, networkType, release), rest: true };
}

const overlapErrors = (path: string, network: IpNetwork, others: readonly IpNetwork[], detail: (j: number) => string) =>
  others.flatMap((other, j) =>
    overlaps(network, other) ? [invalidString(path, formatNetwork(network), detail(j))] : [],
  );

function networkTypeErrors(networkType: string, release: Release): FieldError[] {
  const path = "networking.networkType";
  const is = (name: string) =>
    releaseHas(release, releases.ovnDefaultSubnets) ? sameNetworkType(networkType, name) : networkType === name;
  return [
    ...(networkType === "" ? [required(path, "network provider type required")] : []),
    ...(releaseHas(release, releases.kuryrRefused) && is("Kuryr")
      ? [invalidString(path, networkType, "networkType Kuryr is not supported on OpenShift later than 4.14")]
      : []),
    ...(releaseHas(release, releases.openShiftSdnRefused) && is("OpenShiftSDN")
      ? [invalidString(path, networkType, "networkType OpenShiftSDN is not supported, please use OVNKubernetes")]
      : []),
  ];
}

export function networkingErrors(config: InstallConfig, networks: Networks, release: Release): FieldError[] {
  const networkType = config.networking?.networkType ?? "";
  const { machine, service, cluster } = networks;
  const clusterCidrs = cluster.map((entry) => entry.network);
  const machineErrors = machine.flatMap((network, i) => {
    const path = `networking.machineNetwork[${i}]`;
    const own = ownErrors({ path, network, detail: subnetDetail(network) }, networkType, release);
    if (!own.rest) return own.errors;
    const earlier = machine.slice(0, i);
    return [
      ...own.errors,
      ...overlapErrors(path, network, earlier, (j) => `machine network must not overlap with machine network ${j}`),
    ];
  });
  const serviceErrors = service.flatMap((network, i) => {
    const path = `networking.serviceNetwork[${i}]`;
    const own = ownErrors({ path, network, detail: serviceSubnetDetail(network) }, networkType, release);
    if (!own.rest) return own.errors;
    const earlier = service.slice(0, i);
    return [
      ...own.errors,
      ...overlapErrors(
        path,
        network,
        machine,
        () => "service network must not overlap with any of the machine networks",
      ),
      ...overlapErrors(path, network, earlier, (j) => `service network must not overlap with service network ${j}`),
    ];
  });
  const clusterErrors = clusterCidrs.flatMap((network, i) => {
    const path = `networking.clusterNetwork[${i}].cidr`;
    const own = ownErrors({ path, network, detail: subnetDetail(network) }, networkType, release);
    if (!own.rest) return own.errors;
    const earlier = clusterCidrs.slice(0, i);
    return [
      ...own.errors,
      ...overlapErrors(
        path,
        network,
        machine,
        () => "cluster network must not overlap with any of the machine networks",
      ),
      ...overlapErrors(path, network, service, (j) => `cluster network must not overlap with service network ${j}`),
      ...overlapErrors(path, network, earlier, (j) => `cluster network must not overlap with cluster network ${j}`),
      ...hostPrefixErrors(cluster, i, networkType, release),
    ];
  });
  const none = (list: readonly unknown[], path: string, detail: string) =>
    list.length === 0 ? [required(`networking.${path}`, detail)] : [];
  return [
    ...networkTypeErrors(networkType, release),
    ...none(machine, "machineNetwork", "at least one machine network is required"),
    ...machineErrors,
    ...none(service, "serviceNetwork", "a service network is required"),
    ...serviceErrors,
    ...none(cluster, "clusterNetwork", "cluster network required"),
    ...clusterErrors,
  ];
}
