// The machine networks as the installer reads them: what the VIP and provisioning rules hold addresses against, and
// the networks it cannot read at all. Pure.
import type { InstallConfig } from "./install-config-types";
import { contains, formatNetwork, parseCidr, parseIp, type IpNetwork } from "../model/ip";
import { invalidString, type FieldError } from "./errors";

interface Networks {
  readonly machine: readonly IpNetwork[];
  readonly errors: readonly FieldError[];
}

/** The machine networks; one the installer could not even read stops it at loading, which is an error too. */
export function machineNetworks(config: InstallConfig): Networks {
  const entries = config.networking?.machineNetwork ?? [];
  const parsed = entries.map((entry) => parseCidr(entry.cidr));
  return {
    machine: parsed.filter((network): network is IpNetwork => network !== undefined),
    errors: entries.flatMap((entry, i) =>
      parsed[i] === undefined
        ? [invalidString(`networking.machineNetwork[${i}].cidr`, entry.cidr, `invalid CIDR address: ${entry.cidr}`)]
        : [],
    ),
  };
}

export const inAnyNetwork = (networks: readonly IpNetwork[], text: string | undefined): boolean => {
  const ip = text === undefined ? undefined : parseIp(text);
  return ip !== undefined && networks.some((network) => contains(network, ip));
};

export const machineNetworksDetail = (networks: readonly IpNetwork[]) =>
  `IP expected to be in one of the machine networks: ${networks.map(formatNetwork).join(",")}`;
