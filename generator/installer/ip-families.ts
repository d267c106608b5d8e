// Single stack or dual stack, and which family is primary, as the installer infers them from the networking lists
// (pkg/types/validation), and its rules for an IPv6 or dual-stack cluster: both families in each list, two service
// networks, which family may come first, and the network plugins that cannot carry IPv6. Pure.
import type { InstallConfig } from "./install-config-types";
import { formatNetwork, parseIp, type IpFamily, type IpNetwork } from "../model/ip";
import { releaseHas, releases, type Release } from "../releases";
import { invalidString, type FieldError } from "./errors";
import type { Networks } from "./networks";

/** In the order of their names, the order the installer's messages have from 4.22 (a map's order before). */
const listNames = ["clusterNetwork", "machineNetwork", "serviceNetwork"] as const;
type ListName = (typeof listNames)[number];

interface List {
  readonly name: ListName;
  readonly networks: readonly IpNetwork[];
  readonly v4: boolean;
  readonly v6: boolean;
  /** The family of the list's first network. */
  readonly primary: IpFamily;
}

export interface Stack {
  /** The installer decides the stack by the service networks alone. */
  readonly v4: boolean;
  readonly v6: boolean;
  /** The lists that have a network. */
  readonly lists: readonly List[];
}

export function stackOf(networks: Networks): Stack {
  const byName: Record<ListName, readonly IpNetwork[]> = {
    clusterNetwork: networks.cluster.map((entry) => entry.network),
    machineNetwork: networks.machine,
    serviceNetwork: networks.service,
  };
  const lists = listNames.flatMap((name): List[] => {
    const listed = byName[name];
    const has = (family: IpFamily) => listed.some((network) => network.family === family);
    return listed.length === 0 ? [] : [{ name, networks: listed, v4: has(4), v6: has(6), primary: listed[0]!.family }];
  });
  const services = networks.service;
  return { v4: services.some((n) => n.family === 4), v6: services.some((n) => n.family === 6), lists };
}

/** The installer's value for a list: its networks as written, joined. */
const listValue = (networks: readonly IpNetwork[]) => networks.map(formatNetwork).join(", ");

/**
 * Before releases.vipLists, the singular VIPs of a dual-stack cluster must be of the machine networks' primary family;
 * the rule is the networking rules', under a path of its own. A VIP that does not parse counts as IPv6 there.
 */
function singularVipFamilyErrors(config: InstallConfig, stack: Stack): FieldError[] {
  const p = config.platform.baremetal;
  if (p === undefined) return [];
  const primary = stack.lists.find((list) => list.name === "machineNetwork")?.primary;
  return (
    [
      ["apiVIP", p.apiVIP, "API"],
      ["ingressVIP", p.ingressVIP, "Ingress"],
    ] as const
  ).flatMap(([field, vip = "", name]) =>
    (parseIp(vip)?.family === 4 ? 4 : 6) === primary
      ? []
      : [
          invalidString(
            `networking.baremetal.${field}`,
            vip,
            `VIP for the ${name} must be of the same IP family with machine network's primary IP Family for dual-stack IPv4/IPv6`,
          ),
        ],
  );
}

function dualStackErrors(config: InstallConfig, networks: Networks, stack: Stack, release: Release): FieldError[] {
  const errors: FieldError[] = [];
  if (networks.service.length !== 2) {
    const detail =
      "when installing dual-stack IPv4/IPv6 you must provide two service networks, one for each IP address type";
    errors.push(invalidString("networking.serviceNetwork", listValue(networks.service), detail));
  }
  if (!releaseHas(release, releases.vipLists)) errors.push(...singularVipFamilyErrors(config, stack));
  for (const list of stack.lists) {
    const path = `networking.${list.name}`;
    const value = listValue(list.networks);
    if (!list.v6) errors.push(invalidString(path, value, "dual-stack IPv4/IPv6 requires an IPv6 network in this list"));
    if (!list.v4) errors.push(invalidString(path, value, "dual-stack IPv4/IPv6 requires an IPv4 network in this list"));
    if (!releaseHas(release, releases.ipv6PrimaryDualStack) && list.v4 && list.v6 && list.primary !== 4) {
      errors.push(invalidString(path, value, "IPv4 addresses must be listed before IPv6 addresses"));
    }
  }
  return errors;
}

/** What the installer's networking rules say of the families the lists carry, for a bare-metal cluster. */
export function ipFamilyErrors(config: InstallConfig, networks: Networks, release: Release): FieldError[] {
  const stack = stackOf(networks);
  const networkType = config.networking?.networkType ?? "";
  // Until OpenShiftSDN is refused outright, its lack of IPv6 is the refusal.
  const sdn = !releaseHas(release, releases.openShiftSdnRefused) && networkType === "OpenShiftSDN";
  const plugin = (detail: string) => (sdn ? [invalidString("networking.networkType", networkType, detail)] : []);
  if (stack.v4 && stack.v6) {
    return [
      ...plugin("dual-stack IPv4/IPv6 is not supported for this networking plugin"),
      ...dualStackErrors(config, networks, stack, release),
    ];
  }
  if (stack.v6) return plugin("IPv6 is not supported for this networking plugin");
  if (stack.v4 && networks.service.length > 1) {
    const detail = "only one service network can be specified";
    return [invalidString("networking.serviceNetwork", listValue(networks.service), detail)];
  }
  return [];
}
