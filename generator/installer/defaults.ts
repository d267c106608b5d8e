// The installer's defaults, which it applies after conversion and before it validates. Pure.
import type { BaremetalHost, BaremetalPlatform, InstallConfig } from "./install-config-types";
import { contains, formatIp, hostOf, lastAddress, parseCidr, parseIp, type IpNetwork } from "../model/ip";
import { releaseHas, releases, type Release } from "../releases";
import { withPlatform } from "./conversion";
import { goMacString } from "./mac";
import { withOsImageStreamDefault } from "./os-image-stream";

/**
 * The installer's sort index of a host's role. A role it does not know is a key missing from its Go map, which
 * gives 0: before 4.19 with the workers, from 4.19 with the arbiters. No role sorts last.
 */
const roleIndex = new Map(Object.entries({ master: -1, worker: 0, "": 1 }));
const roleIndexWithArbiter = new Map(Object.entries({ master: -1, arbiter: 0, worker: 1, "": 2 }));
function roleOrder(role: string | undefined, release: Release): number {
  const index = releaseHas(release, releases.arbiter) ? roleIndexWithArbiter : roleIndex;
  return index.get(role ?? "") ?? 0;
}

/** go-cidr's Host as a string; undefined where the network has no such host, as go-cidr then fails. */
const defaultHost = (network: IpNetwork, host: number): string | undefined => {
  const ip = hostOf(network, host);
  return ip === undefined ? undefined : formatIp(ip);
};

/**
 * The installer's networking defaults (pkg/types/defaults), which the baremetal defaults then read: each list left
 * out or empty gets one IPv4 network, so a dual-stack cluster must write all three; networkType OVNKubernetes, before
 * releases.ovnKubernetesDefault OpenShiftSDN.
 */
function withNetworkingDefaults(config: InstallConfig, release: Release): InstallConfig {
  const n = config.networking ?? { machineNetwork: [] };
  const networkType = releaseHas(release, releases.ovnKubernetesDefault) ? "OVNKubernetes" : "OpenShiftSDN";
  return {
    ...config,
    networking: {
      ...n,
      networkType: n.networkType || networkType,
      machineNetwork: n.machineNetwork?.length ? n.machineNetwork : [{ cidr: "10.0.0.0/16" }],
      serviceNetwork: n.serviceNetwork?.length ? n.serviceNetwork : ["172.30.0.0/16"],
      clusterNetwork: n.clusterNetwork?.length ? n.clusterNetwork : [{ cidr: "10.128.0.0/14", hostPrefix: 23 }],
    },
  };
}

/**
 * The installer's defaults, networking first (withNetworkingDefaults), the fencing credentials' MAC addresses
 * (withFencingDefaults), then the baremetal ones
 * (pkg/types/baremetal/defaults), so the rules see what the installer sees:
 * provisioningNetwork Managed; with a provisioning network, the CIDR 172.22.0.0/24, the bootstrap and cluster
 * provisioning IPs as its 2nd and 3rd host, the bridge "provisioning"; with Managed, the DHCP range from the 10th
 * host to the one before broadcast; the external bridge "baremetal"; boot mode UEFI; from releases.dnsRecordsType
 * dnsRecordsType Internal. From 4.10 hosts are ordered
 * masters first, then workers, then hosts without a role (from 4.19: masters, arbiters, workers, no role), and the
 * installer's messages index that order. From 5.0 the OS image stream gets its default too (os-image-stream.ts).
 */
export function withInstallerDefaults(given: InstallConfig, release: Release): InstallConfig {
  const config = withOsImageStreamDefault(
    withFencingDefaults(withNetworkingDefaults(given, release), release),
    release,
  );
  const p = config.platform.baremetal;
  // Platform none has no settings to default.
  return p === undefined ? config : withBaremetalDefaults(config, p, release);
}

/**
 * From releases.fencingMacAddress the control plane's defaults (pkg/types/defaults/machinepools.go) write each
 * fencing credential's macAddress as Go prints it, where Go parses it: the rules then compare and show that form, so
 * AA:BB:CC:DD:EE:01 and aa-bb-cc-dd-ee-01 are one address.
 */
function withFencingDefaults(config: InstallConfig, release: Release): InstallConfig {
  const credentials = config.controlPlane?.fencing?.credentials;
  if (!releaseHas(release, releases.fencingMacAddress) || credentials === undefined || credentials === null) {
    return config;
  }
  const normalized = credentials.map((credential) => {
    const mac = credential.macAddress ?? "";
    const written = mac === "" ? undefined : goMacString(mac);
    return written === undefined ? credential : { ...credential, macAddress: written };
  });
  return {
    ...config,
    controlPlane: { ...config.controlPlane, fencing: { ...config.controlPlane.fencing, credentials: normalized } },
  };
}

function withBaremetalDefaults(config: InstallConfig, p: BaremetalPlatform, release: Release): InstallConfig {
  const provisioningNetwork = p.provisioningNetwork || "Managed";
  let provisioning: Partial<BaremetalPlatform> = {};
  if (provisioningNetwork === "Disabled") {
    // The installer points the provisioning CIDR at the machine network that holds the cluster provisioning IP
    // (the last such, as it loops over all of them).
    const holder = [...(config.networking?.machineNetwork ?? [])].reverse().find((entry) => {
      const network = parseCidr(entry.cidr);
      const ip = p.clusterProvisioningIP ? parseIp(p.clusterProvisioningIP) : undefined;
      return network !== undefined && ip !== undefined && contains(network, ip);
    });
    provisioning = holder ? { provisioningNetworkCIDR: holder.cidr } : {};
  } else {
    const cidr = p.provisioningNetworkCIDR || "172.22.0.0/24";
    const network = parseCidr(cidr);
    provisioning = {
      provisioningNetworkCIDR: cidr,
      bootstrapProvisioningIP: p.bootstrapProvisioningIP || (network && defaultHost(network, 2)) || "",
      clusterProvisioningIP: p.clusterProvisioningIP || (network && defaultHost(network, 3)) || "",
      provisioningBridge: p.provisioningBridge || "provisioning",
    };
    if (provisioningNetwork === "Managed" && !p.provisioningDHCPRange && network !== undefined) {
      // A network too small for a 10th host gives Go's "<nil>" as the start, which the range check then rejects.
      const start = defaultHost(network, 10) ?? "<nil>";
      const end = formatIp({ family: network.family, value: lastAddress(network).value - 1n });
      provisioning = { ...provisioning, provisioningDHCPRange: `${start},${end}` };
    }
  }
  const hosts = (p.hosts ?? []).map((host): BaremetalHost => ({ ...host, bootMode: host.bootMode || "UEFI" }));
  const ordered = releaseHas(release, releases.hostsSortedByRole)
    ? hosts
        .map((host, index) => ({ host, index }))
        .sort((a, b) => roleOrder(a.host.role, release) - roleOrder(b.host.role, release) || a.index - b.index)
        .map(({ host }) => host)
    : hosts;
  return withPlatform(config, {
    ...p,
    ...provisioning,
    provisioningNetwork,
    externalBridge: p.externalBridge || "baremetal",
    hosts: ordered,
    ...(releaseHas(release, releases.dnsRecordsType) ? { dnsRecordsType: p.dnsRecordsType || "Internal" } : {}),
  });
}
