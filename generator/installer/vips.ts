// The API and Ingress VIPs: the lists from releases.vipLists (pkg/types/validation), before it the singular fields,
// checked in the baremetal platform. Pure.
import type { InstallConfig } from "./install-config-types";
import { parseCidr, parseIp, sameIp, type IpAddress, type IpNetwork } from "../model/ip";
import { releaseHas, releases } from "../releases";
import { goStringSlice, invalid, invalidString, required, tooMany, validIpDetail, type FieldError } from "./errors";
import { inAnyNetwork, machineNetworksDetail } from "./machine-networks";
import { platformPath } from "./paths";

const isDualStack = (ips: readonly IpAddress[]) =>
  ips.some((ip) => ip.family === 4) && ips.some((ip) => ip.family === 6);

/** release-4.12 only: a list that does not parse, or a dual-stack list of other than two, before the VIP rules. */
function ipv4FirstErrors(path: string, vips: readonly string[]): FieldError[] {
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

function vipListErrors(config: InstallConfig, machine: readonly IpNetwork[], kind: VipKind): FieldError[] {
  const p = config.platform.baremetal;
  const vips = p[kind.field] ?? [];
  const others = p[kind.other] ?? [];
  const path = `${platformPath}.${kind.field}`;
  if (vips.length === 0) return [required(path, `must specify at least one VIP for the ${kind.name}`)];
  if (vips.length > 2) return [tooMany(path, vips.length, 2)];
  const errors: FieldError[] = vips.flatMap((vip) => {
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
    errors.push(
      required(`${platformPath}.${kind.other}`, `must specify VIP for ${otherName}, when VIP for ${thisName} is set`),
    );
  }
  if (vips.length === 1) {
    const family = parseIp(vips[0]!)?.family ?? 4;
    if (serviceNetworkIsDualStack(config) && family !== primaryMachineFamily(config)) {
      const detail = `VIP for the ${kind.name} must be of the same IP family with machine network's primary IP Family for dual-stack IPv4/IPv6`;
      errors.push(invalidString(path, vips[0]!, detail));
    }
  } else {
    const parsed = vips.map(parseIp);
    if (parsed.some((ip) => ip === undefined) || !isDualStack(parsed as IpAddress[])) {
      const detail = `If two ${kind.name} VIPs are given, one must be an IPv4 address, the other an IPv6`;
      errors.push(invalid(path, goStringSlice(vips), detail));
    }
  }
  return errors;
}

/** Before 4.12: the singular fields, checked in the baremetal platform. */
function singularVipErrors(config: InstallConfig, machine: readonly IpNetwork[], ocpMinor: number): FieldError[] {
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

export function vipErrors(config: InstallConfig, machine: readonly IpNetwork[], ocpMinor: number): FieldError[] {
  if (!releaseHas(ocpMinor, releases.vipLists)) return singularVipErrors(config, machine, ocpMinor);
  const p = config.platform.baremetal;
  const reordered = releaseHas(ocpMinor, releases.ipv4FirstVips)
    ? vipKinds.flatMap((kind) => ipv4FirstErrors(`${platformPath}.${kind.field}`, p[kind.field] ?? []))
    : [];
  return [...reordered, ...vipKinds.flatMap((kind) => vipListErrors(config, machine, kind))];
}
