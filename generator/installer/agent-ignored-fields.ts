// What the agent-based installer says it ignores of a baremetal install-config.yaml (warnUnusedConfig), as warnings
// that do not stop it: the bridges, which belong to the installer-provisioned method's bootstrap VM, and a host boot
// mode other than UEFI; before releases.agentBaremetalHosts, when it did not use the hosts yet, also every host
// field and the provisioning network's settings. A value counts as given where it differs from the one the
// installer's defaults give an empty baremetal platform. Its lines: "<path>: <value> is ignored".
//
// Not covered: what it logs at debug level only (libvirtURI, bootstrapProvisioningIP, bootstrapOSImage, the
// bootstrap VM's static address), which is no warning; and what gen-infra does not write (hyperthreading, machine
// pool platforms, publish, credentialsMode, capabilities, the provisioning interface and MAC addresses). Pure.
import type { BaremetalHost, BaremetalPlatform } from "./install-config-types";
import { formatNetwork, parseCidr } from "../model/ip";
import { pathOf } from "./paths";
import { releaseHas, releases, type Release } from "../releases";

/** pkg/types/baremetal/defaults for an empty platform: what a field compares with. */
const emptyPlatformDefaults = {
  externalBridge: "baremetal",
  provisioningBridge: "provisioning",
  clusterProvisioningIP: "172.22.0.3",
  provisioningNetwork: "Managed",
  provisioningNetworkCIDR: "172.22.0.0/24",
  provisioningDHCPRange: "172.22.0.10,172.22.0.254",
} as const;

/** Go's encoding/json of plain data: map keys sorted, compact, and <, > and & escaped. */
function goJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") {
    return JSON.stringify(value).replace(
      /[<>&\u2028\u2029]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  }
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value)) return `[${value.map(goJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${goJson(key)}:${goJson(item)}`).join(",")}}`;
}

/**
 * How the installer prints a host's networkConfig: the apiextensions JSON it holds, through that type's generated
 * String(), which shows the JSON's bytes as numbers.
 */
const goNetworkConfig = (networkConfig: unknown): string =>
  `&JSON{Raw:*[${Array.from(new TextEncoder().encode(goJson(networkConfig))).join(" ")}],}`;

/** Before releases.agentBaremetalHosts: each host field given, the password's value shown only in 4.12. */
function ignoredHostFields(host: BaremetalHost, path: string, release: Release): string[] {
  const bmc = host.bmc ?? { username: "", password: "", address: "" };
  const password = releaseHas(release, releases.agentQuietPasswords)
    ? `${path}.BMC.Password is ignored`
    : `${path}.BMC.Password: ${bmc.password} is ignored`;
  return [
    ...(host.name ? [`${path}.Name: ${host.name} is ignored`] : []),
    ...(bmc.username ? [`${path}.BMC.Username: ${bmc.username} is ignored`] : []),
    ...(bmc.password ? [password] : []),
    ...(bmc.address ? [`${path}.BMC.Address: ${bmc.address} is ignored`] : []),
    ...(bmc.disableCertificateVerification ? [`${path}.BMC.DisableCertificateVerification: true is ignored`] : []),
    ...(host.role ? [`${path}.Role: ${host.role} is ignored`] : []),
    ...(host.bootMACAddress ? [`${path}.BootMACAddress: ${host.bootMACAddress} is ignored`] : []),
    // The installer's defaults name every host's hardware profile.
    `${path}.HardwareProfile: ${host.hardwareProfile || "default"} is ignored`,
    ...(host.rootDeviceHints !== undefined && host.rootDeviceHints !== null
      ? [`${path}.RootDeviceHints is ignored`]
      : []),
  ];
}

/** Before releases.agentBaremetalHosts: the provisioning network's settings. */
function ignoredProvisioningFields(p: BaremetalPlatform): string[] {
  const cidr = parseCidr(p.provisioningNetworkCIDR ?? "");
  const given: [string, string, string][] = [
    ["ClusterProvisioningIP", p.clusterProvisioningIP ?? "", emptyPlatformDefaults.clusterProvisioningIP],
    ["ProvisioningNetwork", p.provisioningNetwork ?? "", emptyPlatformDefaults.provisioningNetwork],
    [
      "ProvisioningNetworkCIDR",
      cidr === undefined ? "" : formatNetwork(cidr),
      emptyPlatformDefaults.provisioningNetworkCIDR,
    ],
    ["ProvisioningDHCPRange", p.provisioningDHCPRange ?? "", emptyPlatformDefaults.provisioningDHCPRange],
  ];
  return given.flatMap(([field, value, fallback]) =>
    value === fallback ? [] : [`Platform.Baremetal.${field}: ${value} is ignored`],
  );
}

/** The warnings of a loaded (defaulted) baremetal platform, hosts in the installer's order. */
export function ignoredFieldWarnings(p: BaremetalPlatform, release: Release): string[] {
  const base = pathOf(release, "Platform.Baremetal", "platform.baremetal");
  const field = (goName: string, yamlKey: string) => `${base}.${pathOf(release, goName, yamlKey)}`;
  const early = !releaseHas(release, releases.agentBaremetalHosts);
  const externalBridge = p.externalBridge ?? "";
  const provisioningBridge = p.provisioningBridge ?? "";
  return [
    ...(early ? ignoredProvisioningFields(p) : []),
    ...(externalBridge === emptyPlatformDefaults.externalBridge
      ? []
      : [`${field("ExternalBridge", "externalBridge")}: ${externalBridge} is ignored`]),
    ...(provisioningBridge === emptyPlatformDefaults.provisioningBridge
      ? []
      : [`${field("ProvisioningBridge", "provisioningBridge")}: ${provisioningBridge} is ignored`]),
    ...(p.hosts ?? []).flatMap((host, i) => {
      const path = `${base}.${pathOf(release, `Hosts[${i}]`, `hosts[${i}]`)}`;
      const bootMode = host.bootMode ?? "";
      return [
        ...(early ? ignoredHostFields(host, path, release) : []),
        ...(bootMode === "UEFI" ? [] : [`${path}.${pathOf(release, "BootMode", "bootMode")}: ${bootMode} is ignored`]),
        ...(early && host.networkConfig !== undefined && host.networkConfig !== null
          ? [`${path}.NetworkConfig: ${goNetworkConfig(host.networkConfig)} is ignored`]
          : []),
      ];
    }),
  ];
}
