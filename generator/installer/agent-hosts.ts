// The hosts the agent-based installer installs, and its rules for them (pkg/asset/agent/agentconfig: the
// AgentConfig asset before releases.agentBaremetalHosts, the AgentHosts asset from it): agent-config.yaml's hosts,
// or from 4.15, where it lists none, install-config.yaml's baremetal hosts; each with at least one interface, MAC
// addresses valid and unique over all hosts, root device hints it can use and a role it knows; and the rendezvousIP
// on no worker. Pure.
import type { AgentConfig, AgentHost } from "./agent-config-types";
import type { BaremetalHost, InstallConfig } from "./install-config-types";
import { forbidden, invalidString, notSupported, required, type FieldError } from "./errors";
import { deviceNameErrors } from "./hosts";
import { macProblem } from "./mac";
import { hostAddresses, namedInterfaces, networkConfigText } from "./nmstate";
import { pathOf } from "./paths";
import { releaseHas, releases, type Release } from "../releases";

/**
 * An install-config host as the installer makes an agent host of it: its name and role, its root device hints, its
 * networkConfig, and as interfaces those of the networkConfig that have a name and a MAC address, or else one named
 * "boot" with the boot MAC.
 */
function agentHostOf(host: BaremetalHost): AgentHost {
  const named =
    host.networkConfig === undefined || host.networkConfig === null ? [] : namedInterfaces(host.networkConfig);
  return {
    hostname: host.name,
    role: host.role,
    rootDeviceHints: host.rootDeviceHints ?? {},
    interfaces: named.length > 0 ? named : [{ name: "boot", macAddress: host.bootMACAddress }],
    networkConfig: host.networkConfig,
  };
}

/**
 * The hosts the installer takes: agent-config.yaml's; from 4.15, where it lists none, those of install-config.yaml
 * (as loaded: defaulted, so in the installer's order of roles).
 */
export function agentHostsOf(
  agentConfig: AgentConfig | undefined,
  installConfig: InstallConfig,
  release: Release,
): readonly AgentHost[] {
  const own = agentConfig?.hosts ?? [];
  if (own.length > 0 || !releaseHas(release, releases.agentBaremetalHosts)) return own;
  return (installConfig.platform.baremetal?.hosts ?? []).map(agentHostOf);
}

const masterRole = "master";
const workerRole = "worker";

function interfaceErrors(host: AgentHost, hostPath: string, seen: Set<string>, release: Release): FieldError[] {
  const path = `${hostPath}.${pathOf(release, "Interfaces", "interfaces")}`;
  const interfaces = host.interfaces ?? [];
  const none = interfaces.length === 0 ? [required(path, "at least one interface must be defined for each node")] : [];
  return [
    ...none,
    ...interfaces.flatMap((iface, j) => {
      const mac = iface?.macAddress ?? "";
      const macPath = `${path}[${j}].macAddress`;
      if (mac === "") return [required(macPath, "each interface must have a MAC address defined")];
      const problem = macProblem(mac);
      // Compared as written: the same MAC in another case is another MAC here.
      const repeated = seen.has(mac);
      seen.add(mac);
      return [
        ...(problem === undefined ? [] : [invalidString(macPath, mac, problem)]),
        ...(repeated ? [invalidString(macPath, mac, "duplicate MAC address found")] : []),
      ];
    }),
  ];
}

/** The hints the installer cannot use: WWN extensions; from releases.rootDeviceHintPath, a deviceName off /dev/. */
function rootDeviceHintErrors(host: AgentHost, hostPath: string, release: Release): FieldError[] {
  const hints = host.rootDeviceHints ?? {};
  const named = releaseHas(release, releases.rootDeviceHintPath);
  const path = `${hostPath}.${named ? "rootDeviceHints" : "RootDeviceHints"}`;
  return [
    ...(named ? deviceNameErrors(`${path}.deviceName`, hints.deviceName ?? "") : []),
    ...(hints.wwnWithExtension
      ? [
          forbidden(
            `${path}.${named ? "wwnWithExtension" : "WWNWithExtension"}`,
            "WWN extensions are not supported in root device hints",
          ),
        ]
      : []),
    ...(hints.wwnVendorExtension
      ? [
          forbidden(
            `${path}.${named ? "wwnVendorExtension" : "WWNVendorExtension"}`,
            "WWN vendor extensions are not supported in root device hints",
          ),
        ]
      : []),
  ];
}

function roleErrors(host: AgentHost, hostPath: string, release: Release): FieldError[] {
  const role = host.role ?? "";
  const roles = [masterRole, workerRole, ...(releaseHas(release, releases.agentArbiterRole) ? ["arbiter"] : [])];
  if (role === "" || roles.includes(role)) return [];
  return releaseHas(release, releases.yamlKeyPaths)
    ? [notSupported(`${hostPath}.role`, role, roles)]
    : [forbidden(`${hostPath}.Host`, "host role has incorrect value. Role must either be 'master' or 'worker'")];
}

/**
 * The rendezvousIP must be a control-plane host's. How the installer tells: by the host's role, and by finding the
 * address in the host's networkConfig, as text (a longer address that starts with it counts) before
 * releases.agentRendezvousByAddress, among its interfaces' addresses from it. Before 4.15 it refuses a host with a
 * role other than master; from 4.15 a worker, so that a host without a role passes.
 */
function rendezvousErrors(hosts: readonly AgentHost[], rendezvousIP: string, release: Release): FieldError[] {
  if (rendezvousIP === "") return [];
  const hostsKey = pathOf(release, "Hosts", "hosts");
  return hosts.flatMap((host, i) => {
    const role = host.role ?? "";
    const hostname = host.hostname ?? "";
    const inText = () => networkConfigText(host.networkConfig).includes(rendezvousIP);
    if (releaseHas(release, releases.agentRendezvousNotOnNonMaster)) {
      if (role === "" || role === masterRole || !inText()) return [];
      const detail = `Host ${hostname} is not of role 'master' and has the rendevousIP assigned to it. The rendevousIP must be assigned to a host of role 'master'`;
      return [forbidden(`${hostsKey}[${i}].Host`, detail)];
    }
    if (!releaseHas(release, releases.agentBaremetalHosts) || role !== workerRole) return [];
    const assigned = releaseHas(release, releases.agentRendezvousByAddress)
      ? hostAddresses(host.networkConfig).has(rendezvousIP)
      : inText();
    if (!assigned) return [];
    const detail = `Host ${hostname} has role 'worker' and has the rendezvousIP assigned to it. The rendezvousIP must be assigned to a control plane host.`;
    return [forbidden(`${hostsKey}[${i}].${pathOf(release, "Host", "role")}`, detail)];
  });
}

/** The installer's rules for the hosts it takes (agentHostsOf), with agent-config.yaml's rendezvousIP ("" if none). */
export function agentHostErrors(hosts: readonly AgentHost[], rendezvousIP: string, release: Release): FieldError[] {
  const hostsKey = pathOf(release, "Hosts", "hosts");
  const macs = new Set<string>();
  return [
    ...hosts.flatMap((host, i) => {
      const hostPath = `${hostsKey}[${i}]`;
      return [
        ...interfaceErrors(host, hostPath, macs, release),
        ...rootDeviceHintErrors(host, hostPath, release),
        ...roleErrors(host, hostPath, release),
      ];
    }),
    ...rendezvousErrors(hosts, rendezvousIP, release),
  ];
}

/**
 * From 4.15, the installer's warnings about the hosts: install-config.yaml's are ignored where agent-config.yaml
 * lists its own; an install-config host's boot MAC should be one its networkConfig names. installConfig is loaded
 * (defaulted), and installConfigListsHosts whether the file as written has the hosts key.
 */
export function agentHostWarnings(
  agentConfig: AgentConfig | undefined,
  installConfig: InstallConfig,
  installConfigListsHosts: boolean,
  release: Release,
): string[] {
  if (!releaseHas(release, releases.agentBaremetalHosts) || installConfig.platform.baremetal === undefined) return [];
  if ((agentConfig?.hosts ?? []).length > 0) {
    return installConfigListsHosts ? ["hosts from install-config.yaml are ignored"] : [];
  }
  return (installConfig.platform.baremetal.hosts ?? []).flatMap((host) => {
    if (host.networkConfig === undefined || host.networkConfig === null) return [];
    const named = namedInterfaces(host.networkConfig);
    return named.some((iface) => iface.macAddress === host.bootMACAddress)
      ? []
      : [`For host ${host.name}, BootMACAddress ${host.bootMACAddress} is not in NetworkConfig`];
  });
}
