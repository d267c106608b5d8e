// The provisioning network: its mode; its CIDR and DHCP range against the machine networks, and the provisioning IPs
// and gateway in them; and, with the network disabled, BMCs that boot over virtual media and provisioning IPs in a
// machine network. Pure.
import type { BaremetalPlatform } from "./install-config-types";
import {
  compareIp,
  contains,
  firstAddress,
  formatNetwork,
  hasHostBits,
  lastAddress,
  parseCidr,
  parseIp,
  sameIp,
  withoutHostBits,
  type IpAddress,
  type IpNetwork,
} from "../model/ip";
import { releaseHas, releases, type Release } from "../releases";
import { goIpNetStruct, goQuote, invalid, invalidString, notSupported, validIpDetail, type FieldError } from "./errors";
import { inAnyNetwork, machineNetworksDetail } from "./machine-networks";
import { hostsPath, pathOf, platformPath } from "./paths";
import { bmcDriver } from "./bmc";
import { bmcFields, requiredUniqueErrors } from "./hosts";

const provisioningNetworks = ["Disabled", "Managed", "Unmanaged"] as const;

type ProvisioningIpField = "bootstrapProvisioningIP" | "clusterProvisioningIP";

/** provisioningNetwork is one of the installer's three. */
export function provisioningModeErrors(p: BaremetalPlatform): FieldError[] {
  const provisioningNetwork: string = p.provisioningNetwork ?? "";
  return (provisioningNetworks as readonly string[]).includes(provisioningNetwork)
    ? []
    : [notSupported(`${platformPath}.provisioningNetwork`, provisioningNetwork, provisioningNetworks)];
}

/** ValidatePlatform: each provisioning address given parses, the gateway from releases.provisioningNetworkGateway. */
export function provisioningIpSyntaxErrors(p: BaremetalPlatform, release: Release): FieldError[] {
  const fields = [
    "bootstrapProvisioningIP",
    "clusterProvisioningIP",
    ...(releaseHas(release, releases.provisioningNetworkGateway) ? (["provisioningNetworkGateway"] as const) : []),
  ] as const;
  return fields.flatMap((field) => {
    const value = p[field] ?? "";
    return value !== "" && parseIp(value) === undefined
      ? [invalidString(`${platformPath}.${field}`, value, validIpDetail(value))]
      : [];
  });
}

/** With the provisioning network disabled, every BMC must boot its host over virtual media. */
function virtualMediaErrors(p: BaremetalPlatform, base: string, release: Release): FieldError[] {
  if (!releaseHas(release, releases.disabledProvisioningNeedsVirtualMedia)) return [];
  return (p.hosts ?? []).flatMap((host, i) => {
    const address = host.bmc?.address ?? "";
    const path = `${hostsPath(i, release, base)}.${pathOf(release, "BMC", "bmc")}`;
    const access = bmcDriver(address);
    if ("error" in access) return [invalidString(path, address, access.error)];
    return access.driver.needsProvisioningNetwork
      ? [invalidString(path, address, `driver ${access.driver.name} requires provisioning network`)]
      : [];
  });
}

/** With the provisioning network disabled, the provisioning IPs given must be in a machine network. */
function disabledProvisioningIpErrors(
  p: BaremetalPlatform,
  fields: readonly ProvisioningIpField[],
  machine: readonly IpNetwork[],
  base: string,
): FieldError[] {
  return fields.flatMap((field) => {
    const value = p[field] ?? "";
    return value !== "" && !inAnyNetwork(machine, value)
      ? [
          invalidString(
            `${base}.${field}`,
            value,
            `provisioning network is disabled, ${machineNetworksDetail(machine)}`,
          ),
        ]
      : [];
  });
}

export function disabledProvisioningErrors(
  p: BaremetalPlatform,
  machine: readonly IpNetwork[],
  release: Release,
): FieldError[] {
  return [
    ...virtualMediaErrors(p, platformPath, release),
    ...disabledProvisioningIpErrors(p, ["bootstrapProvisioningIP", "clusterProvisioningIP"], machine, platformPath),
  ];
}

/** go-cidr's VerifyNoOverlap of the provisioning network against one machine network, in its words and order. */
function overlapDetail(provisioning: IpNetwork, machine: IpNetwork): string | undefined {
  if (provisioning.family !== machine.family) return undefined;
  const holds = (outer: IpNetwork, inner: IpNetwork) =>
    [firstAddress(inner), lastAddress(inner)].some((ip) => contains(outer, ip));
  if (holds(provisioning, machine)) return `${formatNetwork(machine)} overlaps with ${formatNetwork(provisioning)}`;
  if (holds(machine, provisioning)) return `${formatNetwork(provisioning)} overlaps with ${formatNetwork(machine)}`;
  return undefined;
}

function dhcpRangeErrors(p: BaremetalPlatform, provisioning: IpNetwork, base: string, release: Release): FieldError[] {
  const range = p.provisioningDHCPRange ?? "";
  const path = `${base}.provisioningDHCPRange`;
  const bounds = range.split(",");
  if (bounds.length !== 2) {
    return [invalidString(path, range, "provisioning DHCP range should be in format: start_ip,end_ip")];
  }
  const parsed: IpAddress[] = [];
  for (const bound of bounds) {
    const ip = parseIp(bound);
    // The installer stops at the first bad bound.
    if (ip === undefined) return [invalidString(path, range, `${bound}: ${validIpDetail(bound)}`)];
    if (!contains(provisioning, ip)) {
      return [invalidString(path, range, `${goQuote(bound)} is not in the provisioning network`)];
    }
    parsed.push(ip);
  }
  const [start, end] = parsed as [IpAddress, IpAddress];
  const fields = [
    "clusterProvisioningIP",
    "bootstrapProvisioningIP",
    ...(releaseHas(release, releases.provisioningNetworkGateway) ? (["provisioningNetworkGateway"] as const) : []),
  ] as const;
  return fields.flatMap((field) => {
    const value = p[field] ?? "";
    const ip = parseIp(value);
    return ip !== undefined && compareIp(ip, start) >= 0 && compareIp(ip, end) <= 0
      ? [invalidString(`${base}.${field}`, value, `${goQuote(value)} overlaps with the allocated DHCP range`)]
      : [];
  });
}

/**
 * The provisioning network's gateway, where given: an address in the network, not the cluster provisioning IP (the
 * installer compares the strings), and for IPv4 below /31 neither the network's address nor its broadcast address.
 */
function gatewayErrors(p: BaremetalPlatform, provisioning: IpNetwork, base: string): FieldError[] {
  const value = p.provisioningNetworkGateway ?? "";
  if (value === "") return [];
  const path = `${base}.provisioningNetworkGateway`;
  const gateway = parseIp(value);
  if (gateway === undefined) return [invalidString(path, value, validIpDetail(value))];
  const quoted = goQuote(value);
  // IPv6 has no broadcast, and in an IPv4 /31 or /32 every address is a host's.
  const edges = provisioning.family === 4 && provisioning.prefix < 31;
  return [
    ...(contains(provisioning, gateway)
      ? []
      : [invalidString(path, value, `${quoted} is not in the provisioning network`)]),
    ...(value === (p.clusterProvisioningIP ?? "")
      ? [
          invalidString(
            path,
            value,
            `${quoted} overlaps with the IP address of the node that runs the bootstrap VM or provision server`,
          ),
        ]
      : []),
    ...(edges && sameIp(gateway, firstAddress(provisioning))
      ? [invalidString(path, value, `${quoted} is the network address of the provisioning network`)]
      : []),
    ...(edges && sameIp(gateway, lastAddress(provisioning))
      ? [invalidString(path, value, `${quoted} is the broadcast address of the provisioning network`)]
      : []),
  ];
}

/** A provisioning network that is not disabled: its CIDR, where the provisioning IPs named (fields) are, its range. */
function managedNetworkErrors(
  p: BaremetalPlatform,
  machine: readonly IpNetwork[],
  fields: readonly ProvisioningIpField[],
  base: string,
  release: Release,
): FieldError[] {
  const cidrPath = `${base}.provisioningNetworkCIDR`;
  const cidr = p.provisioningNetworkCIDR ?? "";
  const provisioning = parseCidr(cidr);
  // The installer cannot load a CIDR it cannot parse; nothing else about the network can be checked then.
  if (provisioning === undefined) return [invalidString(cidrPath, cidr, `invalid CIDR address: ${cidr}`)];
  const written = formatNetwork(provisioning);
  const errors: FieldError[] = [];
  if (p.provisioningNetwork === "Managed" && provisioning.family === 6 && provisioning.prefix < 64) {
    // dnsmasq cannot serve a larger IPv6 range.
    const detail = "provisioningNetworkCIDR mask must be greater than or equal to 64 for IPv6 networks";
    errors.push(invalidString(cidrPath, written, detail));
  }
  const overlap = machine.map((network) => overlapDetail(provisioning, network)).find((d) => d !== undefined);
  if (overlap !== undefined) {
    errors.push(invalidString(cidrPath, written, `cannot overlap with machine network: ${overlap}`));
  }
  for (const field of fields) {
    const value = p[field] ?? "";
    // From the gateway's release the cluster's address is checked only where set (the bootstrap VM's always is).
    const optional = field === "clusterProvisioningIP" && releaseHas(release, releases.provisioningNetworkGateway);
    if (optional && value === "") continue;
    const ip = parseIp(value);
    if (ip === undefined || !contains(provisioning, ip)) {
      errors.push(invalidString(`${base}.${field}`, value, `${goQuote(value)} is not in the provisioning network`));
    }
  }
  if (releaseHas(release, releases.provisioningNetworkGateway)) errors.push(...gatewayErrors(p, provisioning, base));
  if (releaseHas(release, releases.provisioningCidrHostBits) && hasHostBits(provisioning)) {
    const expected = formatNetwork(withoutHostBits(provisioning));
    const detail = `provisioningNetworkCIDR has host bits set, expected ${expected}`;
    errors.push(invalid(cidrPath, goIpNetStruct(provisioning), detail));
  }
  if (fields.includes("bootstrapProvisioningIP") && inAnyNetwork(machine, p.bootstrapProvisioningIP)) {
    const value = p.bootstrapProvisioningIP ?? "";
    errors.push(
      invalidString(`${base}.bootstrapProvisioningIP`, value, "the IP must not be in one of the machine networks"),
    );
  }
  if (p.provisioningDHCPRange) errors.push(...dhcpRangeErrors(p, provisioning, base, release));
  return errors;
}

export function provisioningNetworkErrors(
  p: BaremetalPlatform,
  machine: readonly IpNetwork[],
  release: Release,
): FieldError[] {
  return managedNetworkErrors(p, machine, ["bootstrapProvisioningIP", "clusterProvisioningIP"], platformPath, release);
}

/**
 * The provisioning network's rules that the agent-based installer runs (ValidateProvisioningNetworking) under the
 * platform's path (base): the installer-provisioned method's, but none about the bootstrap VM's address, which it
 * does not have; then the BMCs' required and unique fields.
 */
export function provisioningNetworkingErrors(
  p: BaremetalPlatform,
  machine: readonly IpNetwork[],
  base: string,
  release: Release,
): FieldError[] {
  const network =
    p.provisioningNetwork === "Disabled"
      ? [
          ...virtualMediaErrors(p, base, release),
          ...disabledProvisioningIpErrors(p, ["clusterProvisioningIP"], machine, base),
        ]
      : managedNetworkErrors(p, machine, ["clusterProvisioningIP"], base, release);
  return [...network, ...requiredUniqueErrors(p.hosts ?? [], bmcFields, release, base)];
}
