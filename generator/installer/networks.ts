// The networking lists as the installer reads them: the machine, service and cluster networks, each CIDR kept as
// written, since the rules report it so and some of them check its host bits. A CIDR the installer cannot parse
// stops it at reading install-config.yaml, before any rule. Pure.
import type { InstallConfig } from "./install-config-types";
import { parseCidr, type IpNetwork } from "../model/ip";
import { invalidString, type FieldError } from "./errors";

export interface ClusterNetwork {
  readonly network: IpNetwork;
  /** 0 where install-config.yaml leaves it out, as Go's zero value. */
  readonly hostPrefix: number;
}

export interface Networks {
  readonly machine: readonly IpNetwork[];
  readonly service: readonly IpNetwork[];
  readonly cluster: readonly ClusterNetwork[];
}

interface Read {
  readonly networks: Networks;
  /** One per CIDR that does not parse; the networks leave those out. */
  readonly errors: readonly FieldError[];
}

export function readNetworks(config: InstallConfig): Read {
  const n = config.networking;
  const errors: FieldError[] = [];
  const parsed = (path: string, text: string): IpNetwork[] => {
    const network = parseCidr(text);
    if (network !== undefined) return [network];
    errors.push(invalidString(path, text, `invalid CIDR address: ${text}`));
    return [];
  };
  const machine = (n?.machineNetwork ?? []).flatMap((entry, i) =>
    parsed(`networking.machineNetwork[${i}].cidr`, entry.cidr),
  );
  const service = (n?.serviceNetwork ?? []).flatMap((cidr, i) => parsed(`networking.serviceNetwork[${i}]`, cidr));
  const cluster = (n?.clusterNetwork ?? []).flatMap((entry, i) =>
    parsed(`networking.clusterNetwork[${i}].cidr`, entry.cidr).map((network) => ({
      network,
      hostPrefix: entry.hostPrefix ?? 0,
    })),
  );
  return { networks: { machine, service, cluster }, errors };
}
