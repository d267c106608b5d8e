// The OpenShift installer's own rules for a bare-metal IPI install-config.yaml, so that a config we write is one the
// installer takes, and so that a config it would refuse is refused here with the installer's words. Version-aware:
// ocpMinor is the OpenShift 4.x minor release, and each rule applies from the release whose installer has it, as
// generator/releases.ts lists them. Findings read as the installer's field errors: `${path}: ${message}` is the
// installer's line.
//
// Host counts against replicas are a function of their own (hostCountFindings): the installer's unit tests of the
// other rules, which the fixtures hold, give replicas their host lists do not cover.
//
// Not covered, because a lab config cannot get them wrong or because they need the installer's environment: the DNS
// lookup of api.<cluster> and test.apps.<cluster> that the installer tries when no VIP is given (here: no VIP is an
// error, as it is in the installer when the names do not resolve), OS image URLs, libvirtURI, MAC address syntax,
// networkConfig YAML, the load balancer type, the machine pools' own rules (names, replicas, hyperthreading) but for
// the arbiter's, fencing credentials, featureSet values before 4.19. Pure.
import type { BaremetalHost, BaremetalPlatform, InstallConfig } from "./install-config-types";
import {
  bitsOf,
  compareIp,
  contains,
  firstAddress,
  formatIp,
  formatNetwork,
  hasHostBits,
  hostOf,
  lastAddress,
  parseCidr,
  parseIp,
  prefixMask,
  sameIp,
  withoutHostBits,
  type IpAddress,
  type IpNetwork,
} from "../model/ip";
import { releaseHas, releases, type ReleaseGate } from "../releases";

export interface Finding {
  readonly path: string;
  readonly message: string;
}

/** The line the installer prints for the same error. */
export const formatFinding = (finding: Finding): string => `${finding.path}: ${finding.message}`;

const platformPath = "platform.baremetal";

// ---- the installer's error shapes (k8s.io/apimachinery field.Error), with Go's rendering of the bad value

/** Go's strconv.Quote, which is how a string bad value is shown. */
export function goQuote(text: string): string {
  const short: Record<string, string> = {
    '"': '\\"',
    "\\": "\\\\",
    "\x07": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
  };
  const escape = (c: string) => {
    const code = c.codePointAt(0)!;
    return short[c] ?? (code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, "0")}` : c);
  };
  return `"${Array.from(text, escape).join("")}"`;
}

/** Go's %#v of a []string, how a list bad value is shown. */
const goStringSlice = (values: readonly string[]): string => `[]string{${values.map(goQuote).join(", ")}}`;

const invalid = (path: string, value: string, detail: string): Finding => ({
  path,
  message: `Invalid value: ${value}: ${detail}`,
});
const invalidString = (path: string, value: string, detail: string): Finding => invalid(path, goQuote(value), detail);
const required = (path: string, detail: string): Finding => ({ path, message: `Required value: ${detail}` });
const duplicate = (path: string, value: string): Finding => ({ path, message: `Duplicate value: ${goQuote(value)}` });
const notSupported = (path: string, value: string, supported: readonly string[]): Finding => ({
  path,
  message: `Unsupported value: ${goQuote(value)}: supported values: ${supported.map(goQuote).join(", ")}`,
});
const tooMany = (path: string, count: number, max: number): Finding => ({
  path,
  message: `Too many: ${count}: must have at most ${max} items`,
});
const forbidden = (path: string, detail: string): Finding => ({ path, message: `Forbidden: ${detail}` });

/**
 * A machine pool's replicas, a Go *int64: the field error prints what the pointer points to, with %v. The
 * installer's defaults have set every pool's replicas before it validates, so no nil ("null") is left to print.
 */
const goReplicas = (replicas: number): string => String(replicas);

/**
 * Go's %#v of the installer's ipnet.IPNet: the host-bits error passes the network itself as the bad value, and it
 * is no fmt.Stringer by value, so the installer prints the raw struct, byte by byte.
 */
function goIpNetStruct(network: IpNetwork): string {
  const bytes = bitsOf(network.family) / 8;
  const toBytes = (value: bigint) =>
    Array.from({ length: bytes }, (_, i) => `0x${((value >> BigInt(8 * (bytes - 1 - i))) & 0xffn).toString(16)}`);
  const mask = prefixMask(network.family, network.prefix);
  return (
    `ipnet.IPNet{IPNet:net.IPNet{IP:net.IP{${toBytes(network.address).join(", ")}}, ` +
    `Mask:net.IPMask{${toBytes(mask).join(", ")}}}}`
  );
}

// ---- reading the config as the installer's Go types would

const validIpDetail = (text: string) => `${goQuote(text)} is not a valid IP`;

interface Networks {
  readonly machine: readonly IpNetwork[];
  readonly findings: readonly Finding[];
}

/** The machine networks; one the installer could not even read stops it at loading, which is a finding too. */
function machineNetworks(config: InstallConfig): Networks {
  const entries = config.networking?.machineNetwork ?? [];
  const parsed = entries.map((entry) => parseCidr(entry.cidr));
  return {
    machine: parsed.filter((network): network is IpNetwork => network !== undefined),
    findings: entries.flatMap((entry, i) =>
      parsed[i] === undefined
        ? [invalidString(`networking.machineNetwork[${i}].cidr`, entry.cidr, `invalid CIDR address: ${entry.cidr}`)]
        : [],
    ),
  };
}

const inAnyNetwork = (networks: readonly IpNetwork[], text: string | undefined): boolean => {
  const ip = text === undefined ? undefined : parseIp(text);
  return ip !== undefined && networks.some((network) => contains(network, ip));
};

const machineNetworksDetail = (networks: readonly IpNetwork[]) =>
  `IP expected to be in one of the machine networks: ${networks.map(formatNetwork).join(",")}`;

// ---- loading: fields the release's install-config type does not have

/** The fields typed here that an older release's type lacks, in the order of Go's JSON of the YAML (keys sorted). */
const laterFields: readonly {
  readonly path: string;
  readonly gate: ReleaseGate;
  readonly value: (c: InstallConfig) => unknown;
}[] = [
  { path: "arbiter", gate: releases.arbiter, value: (c) => c.arbiter },
  { path: "featureGates", gate: releases.featureGatesField, value: (c) => c.featureGates },
  { path: "featureSet", gate: releases.featureSetField, value: (c) => c.featureSet },
  { path: "platform.baremetal.apiVIPs", gate: releases.vipLists, value: (c) => c.platform.baremetal.apiVIPs },
  { path: "platform.baremetal.ingressVIPs", gate: releases.vipLists, value: (c) => c.platform.baremetal.ingressVIPs },
];

/**
 * release-4.10's strict read of install-config.yaml: the first field its type lacks stops it, before conversion,
 * defaults and validation. The error names the key alone; the finding's path says where it is. Other releases
 * ignore such fields (4.11 and later with a warning), so this is undefined for them.
 */
export function unknownFieldFinding(config: InstallConfig, ocpMinor: number): Finding | undefined {
  if (!releaseHas(ocpMinor, releases.strictUnknownFields)) return undefined;
  // A key given as null is still a key: YAML null is JSON null, and the JSON decoder refuses the key itself.
  const first = laterFields.find((field) => !releaseHas(ocpMinor, field.gate) && field.value(config) !== undefined);
  if (first === undefined) return undefined;
  const key = first.path.split(".").pop()!;
  return {
    path: first.path,
    message:
      "failed to unmarshal install-config.yaml: failed to parse first occurence of unknown field: " +
      `error unmarshaling JSON: while decoding JSON: json: unknown field ${goQuote(key)}`,
  };
}

// ---- conversion and defaults, which the installer applies before it validates

/**
 * From 4.12 the singular apiVIP/ingressVIP are deprecated and copied into the lists. Both given and the list without
 * the singular value stops the installer at loading, with the words its conversion has (the field names are the
 * other way round there). Before 4.12 the installer knows no lists: 4.10 refuses them (unknownFieldFinding), 4.9 and
 * 4.11 read the YAML leniently and ignore them.
 */
export function upconvertVips(
  config: InstallConfig,
  ocpMinor: number,
): { readonly config: InstallConfig; readonly finding?: Finding } {
  if (!releaseHas(ocpMinor, releases.vipLists)) return { config };
  const p = config.platform.baremetal;
  const pairs = [
    { single: p.apiVIP, list: p.apiVIPs, singleName: "apiVIP", listName: "apiVIPs" },
    { single: p.ingressVIP, list: p.ingressVIPs, singleName: "ingressVIP", listName: "ingressVIPs" },
  ] as const;
  for (const { single, list, singleName, listName } of pairs) {
    if (single && list !== undefined && list.length > 0 && !list.includes(single)) {
      const detail = `${listName} is deprecated; only ${singleName} needs to be specified`;
      return { config, finding: invalidString(`${platformPath}.${listName}`, single, detail) };
    }
  }
  const apiVIPs = p.apiVIP && !(p.apiVIPs?.length ?? 0) ? [p.apiVIP] : p.apiVIPs;
  const ingressVIPs = p.ingressVIP && !(p.ingressVIPs?.length ?? 0) ? [p.ingressVIP] : p.ingressVIPs;
  return { config: withPlatform(config, { ...p, apiVIPs, ingressVIPs }) };
}

const withPlatform = (config: InstallConfig, baremetal: BaremetalPlatform): InstallConfig => ({
  ...config,
  platform: { ...config.platform, baremetal },
});

/**
 * The installer's sort index of a host's role. A role it does not know is a key missing from its Go map, which
 * gives 0: before 4.19 with the workers, from 4.19 with the arbiters. No role sorts last.
 */
const roleIndex = new Map(Object.entries({ master: -1, worker: 0, "": 1 }));
const roleIndexWithArbiter = new Map(Object.entries({ master: -1, arbiter: 0, worker: 1, "": 2 }));
function roleOrder(role: string | undefined, ocpMinor: number): number {
  const index = releaseHas(ocpMinor, releases.arbiter) ? roleIndexWithArbiter : roleIndex;
  return index.get(role ?? "") ?? 0;
}

/** go-cidr's Host as a string; undefined where the network has no such host, as go-cidr then fails. */
const defaultHost = (network: IpNetwork, host: number): string | undefined => {
  const ip = hostOf(network, host);
  return ip === undefined ? undefined : formatIp(ip);
};

/**
 * The installer's baremetal defaults (pkg/types/baremetal/defaults), so the rules see what the installer sees:
 * provisioningNetwork Managed; with a provisioning network, the CIDR 172.22.0.0/24, the bootstrap and cluster
 * provisioning IPs as its 2nd and 3rd host, the bridge "provisioning"; with Managed, the DHCP range from the 10th
 * host to the one before broadcast; the external bridge "baremetal"; boot mode UEFI. From 4.10 hosts are ordered
 * masters first, then workers, then hosts without a role (from 4.19: masters, arbiters, workers, no role), and the
 * installer's messages index that order.
 */
export function withInstallerDefaults(config: InstallConfig, ocpMinor: number): InstallConfig {
  const p = config.platform.baremetal;
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
  const ordered = releaseHas(ocpMinor, releases.hostsSortedByRole)
    ? hosts
        .map((host, index) => ({ host, index }))
        .sort((a, b) => roleOrder(a.host.role, ocpMinor) - roleOrder(b.host.role, ocpMinor) || a.index - b.index)
        .map(({ host }) => host)
    : hosts;
  return withPlatform(config, {
    ...p,
    ...provisioning,
    provisioningNetwork,
    externalBridge: p.externalBridge || "baremetal",
    hosts: ordered,
  });
}

// ---- VIPs

const isDualStack = (ips: readonly IpAddress[]) =>
  ips.some((ip) => ip.family === 4) && ips.some((ip) => ip.family === 6);

/** release-4.12 only: a list that does not parse, or a dual-stack list of other than two, before the VIP rules. */
function ipv4FirstFindings(path: string, vips: readonly string[]): Finding[] {
  const parsed = vips.map(parseIp);
  if (parsed.some((ip) => ip === undefined)) return [invalid(path, goStringSlice(vips), "ip <nil> is invalid")];
  if (isDualStack(parsed as IpAddress[]) && vips.length !== 2) {
    return [invalid(path, goStringSlice(vips), "wrong number of VIPs given. Expecting 2 VIPs for dual stack")];
  }
  return [];
}

/** Go's net.IP.Equal, under which two addresses that do not parse are equal to each other. */
function sameVip(a: string, b: string): boolean {
  const x = parseIp(a);
  const y = parseIp(b);
  return x === undefined || y === undefined ? x === y : sameIp(x, y);
}

interface VipKind {
  readonly field: "apiVIPs" | "ingressVIPs";
  readonly other: "apiVIPs" | "ingressVIPs";
  /** As the installer's messages name the kind. */
  readonly name: "API" | "Ingress";
}

const vipKinds: readonly VipKind[] = [
  { field: "apiVIPs", other: "ingressVIPs", name: "API" },
  { field: "ingressVIPs", other: "apiVIPs", name: "Ingress" },
];

/** The family of the first machine network, which a single VIP must share on a dual-stack cluster. */
function primaryMachineFamily(config: InstallConfig): 4 | 6 | undefined {
  const first = config.networking?.machineNetwork?.[0];
  return first === undefined ? undefined : parseCidr(first.cidr)?.family;
}

/** Dual-stack as the installer decides it for VIPs: by the service network alone. */
function serviceNetworkIsDualStack(config: InstallConfig): boolean {
  const families = (config.networking?.serviceNetwork ?? []).map((cidr) => parseCidr(cidr)?.family);
  return families.includes(4) && families.includes(6);
}

function vipListFindings(config: InstallConfig, machine: readonly IpNetwork[], kind: VipKind): Finding[] {
  const p = config.platform.baremetal;
  const vips = p[kind.field] ?? [];
  const others = p[kind.other] ?? [];
  const path = `${platformPath}.${kind.field}`;
  if (vips.length === 0) return [required(path, `must specify at least one VIP for the ${kind.name}`)];
  if (vips.length > 2) return [tooMany(path, vips.length, 2)];
  const findings: Finding[] = vips.flatMap((vip) => {
    const ip = parseIp(vip);
    return [
      ...(ip === undefined ? [invalidString(path, vip, validIpDetail(vip))] : []),
      // One error per Ingress VIP it equals, as the installer loops.
      ...(kind.name === "API" ? others.filter((other) => sameVip(vip, other)) : []).map(() =>
        invalidString(path, vip, "VIP for API must not be one of the Ingress VIPs"),
      ),
      ...(inAnyNetwork(machine, vip) ? [] : [invalidString(path, vip, machineNetworksDetail(machine))]),
      ...(ip?.family === 6 && config.networking?.networkType === "OpenShiftSDN"
        ? [invalidString(path, vip, "IPv6 is not supported on OpenShiftSDN")]
        : []),
    ];
  });
  if (others.length === 0) {
    const otherName = kind.name === "API" ? "ingress" : "API";
    const thisName = kind.name === "API" ? "API" : "ingress";
    findings.push(
      required(`${platformPath}.${kind.other}`, `must specify VIP for ${otherName}, when VIP for ${thisName} is set`),
    );
  }
  if (vips.length === 1) {
    const family = parseIp(vips[0]!)?.family ?? 4;
    if (serviceNetworkIsDualStack(config) && family !== primaryMachineFamily(config)) {
      const detail = `VIP for the ${kind.name} must be of the same IP family with machine network's primary IP Family for dual-stack IPv4/IPv6`;
      findings.push(invalidString(path, vips[0]!, detail));
    }
  } else {
    const parsed = vips.map(parseIp);
    if (parsed.some((ip) => ip === undefined) || !isDualStack(parsed as IpAddress[])) {
      const detail = `If two ${kind.name} VIPs are given, one must be an IPv4 address, the other an IPv6`;
      findings.push(invalid(path, goStringSlice(vips), detail));
    }
  }
  return findings;
}

/** Before 4.12: the singular fields, checked in the baremetal platform. */
function singularVipFindings(config: InstallConfig, machine: readonly IpNetwork[], ocpMinor: number): Finding[] {
  const p = config.platform.baremetal;
  const check = (field: "apiVIP" | "ingressVIP") => {
    const vip = p[field] ?? "";
    const path = `${platformPath}.${field}`;
    return [
      ...(parseIp(vip) === undefined ? [invalidString(path, vip, validIpDetail(vip))] : []),
      ...(inAnyNetwork(machine, vip) ? [] : [invalidString(path, vip, machineNetworksDetail(machine))]),
    ];
  };
  const api = p.apiVIP ?? "";
  const same =
    releaseHas(ocpMinor, releases.apiVipNotIngressVip) && api === (p.ingressVIP ?? "")
      ? [invalidString(`${platformPath}.apiVIP`, api, "apiVIP and ingressVIP must not be set to the same value")]
      : [];
  return [...check("apiVIP"), ...check("ingressVIP"), ...same];
}

function vipFindings(config: InstallConfig, machine: readonly IpNetwork[], ocpMinor: number): Finding[] {
  if (!releaseHas(ocpMinor, releases.vipLists)) return singularVipFindings(config, machine, ocpMinor);
  const p = config.platform.baremetal;
  const reordered = releaseHas(ocpMinor, releases.ipv4FirstVips)
    ? vipKinds.flatMap((kind) => ipv4FirstFindings(`${platformPath}.${kind.field}`, p[kind.field] ?? []))
    : [];
  return [...reordered, ...vipKinds.flatMap((kind) => vipListFindings(config, machine, kind))];
}

// ---- BMC drivers (metal3's bmc package, as the installer vendors it)

interface Driver {
  /** The name the installer's messages use, which is not always the address scheme. */
  readonly name: string;
  readonly secureBoot: boolean;
  readonly needsProvisioningNetwork: boolean;
}

function driverTable(): ReadonlyMap<string, Driver> {
  const entries: [string, readonly string[], Driver][] = [
    ["ipmi", [], { name: "ipmi", secureBoot: false, needsProvisioningNetwork: true }],
    ["libvirt", [], { name: "ipmi", secureBoot: false, needsProvisioningNetwork: true }],
    ["irmc", [], { name: "irmc", secureBoot: true, needsProvisioningNetwork: true }],
    ["ibmc", ["http", "https"], { name: "ibmc", secureBoot: false, needsProvisioningNetwork: true }],
    ["idrac", ["http", "https"], { name: "idrac", secureBoot: false, needsProvisioningNetwork: true }],
    ["idrac-redfish", ["http", "https"], { name: "idrac", secureBoot: true, needsProvisioningNetwork: true }],
    ["idrac-virtualmedia", ["http", "https"], { name: "idrac", secureBoot: true, needsProvisioningNetwork: false }],
    ["ilo4", ["https"], { name: "ilo", secureBoot: true, needsProvisioningNetwork: true }],
    ["ilo4-virtualmedia", ["https"], { name: "ilo", secureBoot: true, needsProvisioningNetwork: false }],
    ["ilo5", ["https"], { name: "ilo5", secureBoot: true, needsProvisioningNetwork: true }],
    ["ilo5-redfish", ["http", "https"], { name: "redfish", secureBoot: true, needsProvisioningNetwork: true }],
    ["ilo5-virtualmedia", ["http", "https"], { name: "redfish", secureBoot: true, needsProvisioningNetwork: false }],
    ["redfish", ["http", "https"], { name: "redfish", secureBoot: true, needsProvisioningNetwork: true }],
    ["redfish-virtualmedia", ["http", "https"], { name: "redfish", secureBoot: true, needsProvisioningNetwork: false }],
  ];
  return new Map(
    entries.flatMap(([scheme, transports, driver]) => [
      [scheme, driver] as const,
      ...transports.map((t) => [`${scheme}+${t}`, driver] as const),
    ]),
  );
}

const drivers = driverTable();

/** Scheme and hostname of a BMC address, read as metal3 reads it: no scheme means IPMI. */
function splitBmcAddress(address: string): { scheme: string; hostname: string } | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(address)?.[1];
  if (scheme === undefined) {
    // A bare host, or host:port: metal3 takes it as an IPMI address.
    const hostPort = /^(\[[^\]]*\]|[^:/?#]*)(?::[0-9]*)?$/.exec(address);
    if (address.includes(":") && hostPort === null) return undefined;
    const host = hostPort?.[1] ?? address.split("/")[0]!;
    return { scheme: "ipmi", hostname: host.replace(/^\[|\]$/g, "") };
  }
  // "ipmi:host" (no //) is read as "ipmi://host".
  const rest = address.slice(scheme.length + 1).replace(/^\/\//, "");
  const authority = rest.split(/[/?#]/)[0]!;
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  const hostname = hostPort.startsWith("[") ? hostPort.slice(1, hostPort.indexOf("]")) : hostPort.split(":")[0]!;
  return { scheme: scheme.toLowerCase(), hostname };
}

const dnsHostname =
  /^(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9])\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]{0,61}[A-Za-z0-9])$/;

/** metal3's NewAccessDetails: the driver of an address, or its error as metal3 words it. */
export function bmcDriver(address: string): { readonly driver: Driver } | { readonly error: string } {
  if (address === "") return { error: "missing BMC address" };
  const parts = splitBmcAddress(address);
  if (parts === undefined) return { error: "failed to parse BMC address information" };
  if (parts.hostname !== "" && parseIp(parts.hostname) === undefined && !dnsHostname.test(parts.hostname)) {
    return {
      error: `failed to parse BMC address information: BMC address hostname/IP : [${parts.hostname}] is invalid`,
    };
  }
  const driver = drivers.get(parts.scheme);
  return driver ? { driver } : { error: `Unknown BMC type '${parts.scheme}' for address ${address}` };
}

// ---- hosts

/** The hosts list as the installer's paths name it: the Go field before 4.19, the YAML key from 4.19. */
const hostsKey = (ocpMinor: number) => (releaseHas(ocpMinor, releases.yamlKeyPaths) ? "hosts" : "Hosts");
const hostsPath = (i: number, ocpMinor: number) => `${platformPath}.${hostsKey(ocpMinor)}[${i}]`;

interface HostField {
  /** The Go field, which the message names, and the path too before 4.19. */
  readonly name: string;
  /** The YAML key, which the path names from 4.19. */
  readonly key: string;
  readonly unique: boolean;
  readonly value: (h: BaremetalHost) => string | undefined;
}

/**
 * Required and unique fields, as the installer's struct tags have them: a missing value is reported and not
 * counted, a repeat is reported at its second and later hosts; values compare exactly, case included. This list's
 * path is "hosts" in every release.
 */
function requiredUniqueFindings(
  hosts: readonly BaremetalHost[],
  fields: readonly HostField[],
  ocpMinor: number,
): Finding[] {
  const seen = new Map(fields.map((field) => [field.name, new Set<string>()]));
  const yamlKeys = releaseHas(ocpMinor, releases.yamlKeyPaths);
  // Paths are built only for a finding: a valid config of many hosts makes none.
  const pathOf = (i: number, field: HostField) => `${platformPath}.hosts[${i}].${yamlKeys ? field.key : field.name}`;
  const findings: Finding[] = [];
  hosts.forEach((host, i) => {
    for (const field of fields) {
      const value = field.value(host) ?? "";
      if (value === "") {
        findings.push(required(pathOf(i, field), `missing ${field.name.split(".").pop()!}`));
        continue;
      }
      if (!field.unique) continue;
      const values = seen.get(field.name)!;
      if (values.has(value)) findings.push(duplicate(pathOf(i, field), value));
      else values.add(value);
    }
  });
  return findings;
}

const hostFields: readonly HostField[] = [
  { name: "Name", key: "name", unique: true, value: (h) => h.name },
  { name: "BootMACAddress", key: "bootMACAddress", unique: true, value: (h) => h.bootMACAddress },
];

const bmcFields: readonly HostField[] = [
  { name: "BMC.Username", key: "bmc.username", unique: false, value: (h) => h.bmc?.username },
  { name: "BMC.Password", key: "bmc.password", unique: false, value: (h) => h.bmc?.password },
  { name: "BMC.Address", key: "bmc.address", unique: true, value: (h) => h.bmc?.address },
];

const bootModes = ["UEFI", "UEFISecureBoot", "legacy"] as const;

function bootModeFindings(hosts: readonly BaremetalHost[], ocpMinor: number): Finding[] {
  return hosts.flatMap((host, i) => {
    const mode: string = host.bootMode ?? "";
    const path = `${hostsPath(i, ocpMinor)}.bootMode`;
    if (mode === "" || mode === "UEFI" || mode === "legacy") return [];
    if (mode !== "UEFISecureBoot") return [notSupported(path, mode, bootModes)];
    if (!releaseHas(ocpMinor, releases.secureBootNeedsDriver)) return [];
    // An address metal3 cannot read is reported elsewhere, not here.
    const access = bmcDriver(host.bmc?.address ?? "");
    return "driver" in access && !access.driver.secureBoot
      ? [invalidString(path, mode, `driver ${access.driver.name} does not support UEFI secure boot`)]
      : [];
  });
}

const dns1123Label = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const dns1123Subdomain = `${dns1123Label}(\\.${dns1123Label})*`;
const dns1123SubdomainRegexp = new RegExp(`^${dns1123Subdomain}$`);

/** k8s IsDNS1123Subdomain's messages, joined as the installer joins them. */
function dns1123SubdomainProblems(value: string): string[] {
  return [
    ...(value.length > 253 ? ["must be no more than 253 characters"] : []),
    ...(dns1123SubdomainRegexp.test(value)
      ? []
      : [
          "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must " +
            `start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${dns1123Subdomain}')`,
        ]),
  ];
}

function hostNameFindings(hosts: readonly BaremetalHost[], ocpMinor: number): Finding[] {
  return hosts.flatMap((host, i) => {
    const name = host.name ?? "";
    const problems = dns1123SubdomainProblems(name);
    return problems.length === 0 ? [] : [invalidString(`${hostsPath(i, ocpMinor)}.name`, name, problems.join("\n"))];
  });
}

function rootDeviceHintFindings(hosts: readonly BaremetalHost[], ocpMinor: number): Finding[] {
  return hosts.flatMap((host, i) => {
    const deviceName = host.rootDeviceHints?.deviceName ?? "";
    if (deviceName === "") return [];
    const path = `${hostsPath(i, ocpMinor)}.rootDeviceHints.deviceName`;
    const underDev = deviceName.startsWith("/dev/") ? deviceName.slice("/dev/".length) : undefined;
    const rest = (underDev ?? deviceName).replace(/^disk\/by-path\//, "");
    return [
      ...(underDev === undefined
        ? [invalidString(path, deviceName, "Device Name of root device hint must be a /dev/ path")]
        : []),
      ...(rest.includes("/")
        ? [
            invalidString(
              path,
              deviceName,
              "Device Name of root device hint must be path in /dev/ or /dev/disk/by-path/",
            ),
          ]
        : []),
    ];
  });
}

// ---- provisioning network

const provisioningNetworks = ["Disabled", "Managed", "Unmanaged"] as const;

function provisioningIpSyntaxFindings(p: BaremetalPlatform): Finding[] {
  return (["bootstrapProvisioningIP", "clusterProvisioningIP"] as const).flatMap((field) => {
    const value = p[field] ?? "";
    return value !== "" && parseIp(value) === undefined
      ? [invalidString(`${platformPath}.${field}`, value, validIpDetail(value))]
      : [];
  });
}

function disabledProvisioningFindings(
  p: BaremetalPlatform,
  machine: readonly IpNetwork[],
  ocpMinor: number,
): Finding[] {
  const drivers = releaseHas(ocpMinor, releases.disabledProvisioningNeedsVirtualMedia)
    ? (p.hosts ?? []).flatMap((host, i) => {
        const address = host.bmc?.address ?? "";
        const path = `${hostsPath(i, ocpMinor)}.${releaseHas(ocpMinor, releases.yamlKeyPaths) ? "bmc" : "BMC"}`;
        const access = bmcDriver(address);
        if ("error" in access) return [invalidString(path, address, access.error)];
        return access.driver.needsProvisioningNetwork
          ? [invalidString(path, address, `driver ${access.driver.name} requires provisioning network`)]
          : [];
      })
    : [];
  const ips = (["bootstrapProvisioningIP", "clusterProvisioningIP"] as const).flatMap((field) => {
    const value = p[field] ?? "";
    return value !== "" && !inAnyNetwork(machine, value)
      ? [
          invalidString(
            `${platformPath}.${field}`,
            value,
            `provisioning network is disabled, ${machineNetworksDetail(machine)}`,
          ),
        ]
      : [];
  });
  return [...drivers, ...ips];
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

function dhcpRangeFindings(p: BaremetalPlatform, provisioning: IpNetwork): Finding[] {
  const range = p.provisioningDHCPRange ?? "";
  const path = `${platformPath}.provisioningDHCPRange`;
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
  return (["clusterProvisioningIP", "bootstrapProvisioningIP"] as const).flatMap((field) => {
    const value = p[field] ?? "";
    const ip = parseIp(value);
    return ip !== undefined && compareIp(ip, start) >= 0 && compareIp(ip, end) <= 0
      ? [invalidString(`${platformPath}.${field}`, value, `${goQuote(value)} overlaps with the allocated DHCP range`)]
      : [];
  });
}

function provisioningNetworkFindings(p: BaremetalPlatform, machine: readonly IpNetwork[], ocpMinor: number): Finding[] {
  const cidrPath = `${platformPath}.provisioningNetworkCIDR`;
  const cidr = p.provisioningNetworkCIDR ?? "";
  const provisioning = parseCidr(cidr);
  // The installer cannot load a CIDR it cannot parse; nothing else about the network can be checked then.
  if (provisioning === undefined) return [invalidString(cidrPath, cidr, `invalid CIDR address: ${cidr}`)];
  const written = formatNetwork(provisioning);
  const findings: Finding[] = [];
  if (p.provisioningNetwork === "Managed" && provisioning.family === 6 && provisioning.prefix < 64) {
    // dnsmasq cannot serve a larger IPv6 range.
    const detail = "provisioningNetworkCIDR mask must be greater than or equal to 64 for IPv6 networks";
    findings.push(invalidString(cidrPath, written, detail));
  }
  const overlap = machine.map((network) => overlapDetail(provisioning, network)).find((d) => d !== undefined);
  if (overlap !== undefined) {
    findings.push(invalidString(cidrPath, written, `cannot overlap with machine network: ${overlap}`));
  }
  for (const field of ["bootstrapProvisioningIP", "clusterProvisioningIP"] as const) {
    const value = p[field] ?? "";
    const ip = parseIp(value);
    if (ip === undefined || !contains(provisioning, ip)) {
      findings.push(
        invalidString(`${platformPath}.${field}`, value, `${goQuote(value)} is not in the provisioning network`),
      );
    }
  }
  if (releaseHas(ocpMinor, releases.provisioningCidrHostBits) && hasHostBits(provisioning)) {
    const expected = formatNetwork(withoutHostBits(provisioning));
    const detail = `provisioningNetworkCIDR has host bits set, expected ${expected}`;
    findings.push(invalid(cidrPath, goIpNetStruct(provisioning), detail));
  }
  if (inAnyNetwork(machine, p.bootstrapProvisioningIP)) {
    const value = p.bootstrapProvisioningIP ?? "";
    findings.push(
      invalidString(
        `${platformPath}.bootstrapProvisioningIP`,
        value,
        "the IP must not be in one of the machine networks",
      ),
    );
  }
  if (p.provisioningDHCPRange) findings.push(...dhcpRangeFindings(p, provisioning));
  return findings;
}

// ---- bridges (our rule in place of the installer's)

/** The provision VM's bridges, as its cloud-init names them: the installer checks its bridges there. */
export const provisionVmBridges = { external: "chucky", provisioning: "provision" } as const;

/**
 * The installer looks the bridges up among the interfaces of the host it runs on. Here that is always the provision
 * VM, whose cloud-init names its bridges chucky and provision, so only those names can pass; and each bridge must be
 * the one for its network, which the installer cannot know but the lab does.
 */
function bridgeFindings(p: BaremetalPlatform): Finding[] {
  const why = (field: string, want: string) =>
    `${field} is looked up on the provision VM, whose bridges are ${provisionVmBridges.external} (external) and ` +
    `${provisionVmBridges.provisioning} (provisioning); it must be ${goQuote(want)}`;
  const external = p.externalBridge ?? "";
  const provisioningBridge = p.provisioningBridge ?? "";
  return [
    ...(external === provisionVmBridges.external
      ? []
      : [
          invalidString(`${platformPath}.externalBridge`, external, why("externalBridge", provisionVmBridges.external)),
        ]),
    ...(p.provisioningNetwork === "Disabled" || provisioningBridge === provisionVmBridges.provisioning
      ? []
      : [
          invalidString(
            `${platformPath}.provisioningBridge`,
            provisioningBridge,
            why("provisioningBridge", provisionVmBridges.provisioning),
          ),
        ]),
  ];
}

// ---- feature sets and the arbiter (pkg/types/validation, pkg/types/featuregates, vendored openshift/api)

const customFeatureSet = "CustomNoUpgrade";
const arbiterGate = "HighlyAvailableArbiter";

/** The feature sets with fixed gates, "" being Default; CustomNoUpgrade is the one more the installer takes. */
const fixedFeatureSets = (ocpMinor: number): readonly string[] => [
  "",
  "DevPreviewNoUpgrade",
  "TechPreviewNoUpgrade",
  ...(releaseHas(ocpMinor, releases.okdFeatureSet) ? ["OKD"] : []),
];

/** The fixed feature sets whose gates have HighlyAvailableArbiter on. */
const arbiterFeatureSets = (ocpMinor: number): readonly string[] => [
  "DevPreviewNoUpgrade",
  "TechPreviewNoUpgrade",
  ...(releaseHas(ocpMinor, releases.arbiterByDefault) ? [""] : []),
  ...(releaseHas(ocpMinor, releases.okdFeatureSet) ? ["OKD"] : []),
];

/** Go's strconv.ParseBool: the spellings it takes, and what they mean. */
const goBools = new Map([
  ...["1", "t", "T", "TRUE", "true", "True"].map((text) => [text, true] as const),
  ...["0", "f", "F", "FALSE", "false", "False"].map((text) => [text, false] as const),
]);

/** A CustomNoUpgrade entry "<name>=<bool>" as the installer parses it; undefined where it cannot. */
function customFeatureGate(entry: string): { readonly name: string; readonly enabled: boolean } | undefined {
  const parts = entry.split("=");
  const enabled = parts.length === 2 ? goBools.get(parts[1]!) : undefined;
  return enabled === undefined ? undefined : { name: parts[0]!, enabled };
}

/**
 * Whether the installer has the HighlyAvailableArbiter gate on for this config (EnabledFeatureGates): by the fixed
 * feature set, or for CustomNoUpgrade when an entry turns it on (every gate no entry turns on is off there).
 * Undefined for a feature set the installer does not know: it then dereferences a missing set and crashes.
 */
export function arbiterGateEnabled(config: InstallConfig, ocpMinor: number): boolean | undefined {
  if (!releaseHas(ocpMinor, releases.arbiter)) return false;
  const featureSet = config.featureSet ?? "";
  if (featureSet === customFeatureSet) {
    return (config.featureGates ?? []).some((entry) => {
      const gate = customFeatureGate(entry);
      return gate?.name === arbiterGate && gate.enabled;
    });
  }
  if (!fixedFeatureSets(ocpMinor).includes(featureSet)) return undefined;
  return arbiterFeatureSets(ocpMinor).includes(featureSet);
}

/**
 * ValidateFeatureSet: a feature set the installer knows, OKD not on an OpenShift installer, featureGates only with
 * CustomNoUpgrade and each as "<name>=<bool>". Read from 4.19; older releases differ in their sets (not covered).
 */
function featureSetFindings(config: InstallConfig, ocpMinor: number): Finding[] {
  if (!releaseHas(ocpMinor, releases.arbiter)) return [];
  const featureSet = config.featureSet ?? "";
  const gates = config.featureGates ?? [];
  const known = fixedFeatureSets(ocpMinor);
  return [
    ...(featureSet === customFeatureSet || known.includes(featureSet)
      ? []
      : [notSupported("featureSet", featureSet, [...known, customFeatureSet].sort())]),
    ...(releaseHas(ocpMinor, releases.okdFeatureSet) && featureSet === "OKD"
      ? [forbidden("featureSet", "OKD featureset is not supported on OpenShift clusters")]
      : []),
    ...(gates.length > 0 && featureSet !== customFeatureSet
      ? [forbidden("featureGates", "featureGates can only be used with the CustomNoUpgrade feature set")]
      : []),
    ...gates.flatMap((entry, i) => {
      const parts = entry.split("=");
      const format = "must match the format <feature-name>=<bool>";
      if (parts.length !== 2) return [invalidString(`featureGates[${i}]`, entry, format)];
      return goBools.has(parts[1]!)
        ? []
        : [invalidString(`featureGates[${i}]`, entry, `${format}, could not parse boolean value`)];
    }),
  ];
}

/** The control plane's replicas after the installer's defaults, which give a pool without replicas 3. */
const controlPlaneReplicas = (config: InstallConfig): number => config.controlPlane?.replicas ?? 3;

/**
 * The arbiter pool as the installer sees it, from 4.19: its defaults name it "arbiter" whatever it was named and
 * give it 0 replicas when it has none; `arbiter: null` is no pool at all (a nil pointer in Go).
 */
function arbiterPool(config: InstallConfig, ocpMinor: number): { readonly replicas: number } | undefined {
  if (!releaseHas(ocpMinor, releases.arbiter) || config.arbiter === undefined || config.arbiter === null) {
    return undefined;
  }
  return { replicas: config.arbiter.replicas ?? 0 };
}

/**
 * The arbiter pool's rules: refused unless the HighlyAvailableArbiter gate is on; then replicas not 0, at least 2
 * control-plane replicas (reported under arbiter.replicas, with the control plane's count), replicas not negative.
 * The platform must be baremetal, and the name "arbiter": both hold here, by the types and by the defaults. Before
 * 4.19 the installer ignores the pool (4.10 refuses it as an unknown field, unknownFieldFinding).
 */
function arbiterFindings(config: InstallConfig, ocpMinor: number): Finding[] {
  const pool = arbiterPool(config, ocpMinor);
  if (pool === undefined) return [];
  const enabled = arbiterGateEnabled(config, ocpMinor);
  // An unknown feature set crashes the installer here; featureSetFindings names the set.
  if (enabled === undefined) return [];
  if (!enabled) {
    return [forbidden("arbiter", `${arbiterGate} feature must be enabled in order to use arbiter cluster deployment`)];
  }
  const path = "arbiter.replicas";
  const masters = controlPlaneReplicas(config);
  return [
    ...(pool.replicas === 0 ? [invalid(path, goReplicas(0), "number of arbiter replicas must be positive")] : []),
    ...(masters < 2
      ? [
          invalid(
            path,
            goReplicas(masters),
            "number of controlPlane replicas must be at least 2 for arbiter deployments",
          ),
        ]
      : []),
    ...(pool.replicas < 0 ? [invalid(path, goReplicas(pool.replicas), "number of replicas must not be negative")] : []),
  ];
}

// ---- host counts (pkg/types/baremetal/validation validateHostsCount)

interface Replicas {
  readonly masters: number;
  readonly arbiters: number;
  readonly workers: number;
}

/**
 * The replicas the hosts must cover, after the installer's defaults: 3 for a pool without replicas, one worker
 * pool (of 3) when compute has none. Arbiters only from 4.19, where the installer reads the pool.
 */
function requiredReplicas(config: InstallConfig, ocpMinor: number): Replicas {
  const compute = config.compute?.length ? config.compute : [{ name: "worker" as const, replicas: undefined }];
  return {
    masters: controlPlaneReplicas(config),
    arbiters: arbiterPool(config, ocpMinor)?.replicas ?? 0,
    workers: compute.reduce((sum, pool) => sum + (pool.replicas ?? 3), 0),
  };
}

/**
 * The hosts counted by role, in the installer's (sorted) order: a host without a role, or with one the release
 * does not know ("arbiter" before 4.19), fills the first of the control plane, the arbiters, compute still short.
 */
function countHosts(hosts: readonly BaremetalHost[], wanted: Replicas, ocpMinor: number): Replicas {
  const knowsArbiter = releaseHas(ocpMinor, releases.arbiter);
  return hosts.reduce(
    (count, host): Replicas => {
      const role: string = host.role ?? "";
      const add = (key: keyof Replicas): Replicas => ({ ...count, [key]: count[key] + 1 });
      if (role === "master") return add("masters");
      if (role === "arbiter" && knowsArbiter) return add("arbiters");
      if (role === "worker") return add("workers");
      const short = (["masters", "arbiters", "workers"] as const).find((key) => count[key] < wanted[key]);
      return short === undefined ? count : add(short);
    },
    { masters: 0, arbiters: 0, workers: 0 },
  );
}

/** The installer's one error, for the first pool its hosts do not cover; undefined when they cover all. */
function hostCountProblem(hosts: readonly BaremetalHost[], wanted: Replicas, ocpMinor: number): string | undefined {
  const notEnough = (found: number, what: string, replicas: number) =>
    `not enough hosts found (${found}) to support all the configured ${what} replicas (${replicas})`;
  if (!releaseHas(ocpMinor, releases.hostCountsByRole)) {
    const total = wanted.masters + wanted.workers;
    return hosts.length < total ? notEnough(hosts.length, "ControlPlane and Compute", total) : undefined;
  }
  const found = countHosts(hosts, wanted, ocpMinor);
  const pools = [
    { key: "masters", what: "ControlPlane" },
    { key: "arbiters", what: "Arbiter" },
    { key: "workers", what: "Compute" },
  ] as const;
  const short = pools.find(({ key }) => found[key] < wanted[key]);
  return short === undefined ? undefined : notEnough(found[short.key], short.what, wanted[short.key]);
}

/**
 * What the installer of 4.<ocpMinor> reports about the number of hosts against the replicas of the control plane,
 * the arbiter pool (from 4.19, whether or not its feature gate is on) and compute; nothing where the installer
 * stops before, at loading or conversion. Apart from installerFindings (see the header); a caller wants both.
 */
export function hostCountFindings(config: InstallConfig, ocpMinor: number): Finding[] {
  if (unknownFieldFinding(config, ocpMinor) !== undefined) return [];
  const converted = upconvertVips(config, ocpMinor);
  if (converted.finding !== undefined) return [];
  const defaulted = withInstallerDefaults(converted.config, ocpMinor);
  const problem = hostCountProblem(
    defaulted.platform.baremetal.hosts ?? [],
    requiredReplicas(defaulted, ocpMinor),
    ocpMinor,
  );
  return problem === undefined ? [] : [required(`${platformPath}.${hostsKey(ocpMinor)}`, problem)];
}

// ---- all of it

/**
 * What the installer of 4.<ocpMinor> would report about this install-config, after its conversion and defaults,
 * host counts apart (hostCountFindings).
 */
export function installerFindings(config: InstallConfig, ocpMinor: number): Finding[] {
  const unknown = unknownFieldFinding(config, ocpMinor);
  // The installer stops at reading the file: nothing is converted or validated after it.
  if (unknown !== undefined) return [unknown];
  const converted = upconvertVips(config, ocpMinor);
  // The installer stops at a conversion error: nothing is validated after it.
  if (converted.finding !== undefined) return [converted.finding];
  const defaulted = withInstallerDefaults(converted.config, ocpMinor);
  const p = defaulted.platform.baremetal;
  const hosts = p.hosts ?? [];
  const { machine, findings: unreadable } = machineNetworks(defaulted);
  const provisioningNetwork: string = p.provisioningNetwork ?? "";
  return [
    ...unreadable,
    ...vipFindings(defaulted, machine, ocpMinor),
    ...((provisioningNetworks as readonly string[]).includes(provisioningNetwork)
      ? []
      : [notSupported(`${platformPath}.provisioningNetwork`, provisioningNetwork, provisioningNetworks)]),
    ...provisioningIpSyntaxFindings(p),
    ...requiredUniqueFindings(hosts, hostFields, ocpMinor),
    ...bootModeFindings(hosts, ocpMinor),
    ...(releaseHas(ocpMinor, releases.rootDeviceHintPath) ? rootDeviceHintFindings(hosts, ocpMinor) : []),
    ...(releaseHas(ocpMinor, releases.hostNameDns1123) ? hostNameFindings(hosts, ocpMinor) : []),
    ...(provisioningNetwork === "Disabled"
      ? disabledProvisioningFindings(p, machine, ocpMinor)
      : provisioningNetworkFindings(p, machine, ocpMinor)),
    ...requiredUniqueFindings(hosts, bmcFields, ocpMinor),
    ...bridgeFindings(p),
    ...arbiterFindings(defaulted, ocpMinor),
    ...featureSetFindings(defaulted, ocpMinor),
  ];
}
