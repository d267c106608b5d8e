// The API and Ingress VIPs: the lists from releases.vipLists (pkg/types/validation), before it the singular fields,
// checked in the baremetal platform; and, on a dual-stack cluster, the families of the lists. Pure.
import type { BaremetalPlatform, InstallConfig } from "./install-config-types";
import { parseIp, sameIp, type IpAddress, type IpNetwork } from "../model/ip";
import { releaseHas, releases, type Release } from "../releases";
import { goStringSlice, invalid, invalidString, required, tooMany, validIpDetail, type FieldError } from "./errors";
import { inAnyNetwork, machineNetworksDetail } from "./machine-networks";
import type { Networks } from "./networks";
import { stackOf, type Stack } from "./ip-families";
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

/**
 * Go's net.IP.Equal, under which two addresses that do not parse are equal to each other, until
 * releases.unparsedVipsDiffer asks for an API VIP that parses.
 */
function sameVip(a: string, b: string, release: Release): boolean {
  const x = parseIp(a);
  const y = parseIp(b);
  if (x === undefined && releaseHas(release, releases.unparsedVipsDiffer)) return false;
  return x === undefined || y === undefined ? x === y : sameIp(x, y);
}

/** Go's %#v of a []string the YAML may have left out (nil). */
const goListOrNil = (values: readonly string[] | undefined) =>
  values === undefined ? "[]string(nil)" : goStringSlice(values);

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

/**
 * On a dual-stack cluster, the family the first VIP must have. Until releases.vipFamilyPerNetwork a single VIP, of
 * the machine networks' primary family; from it the first of one or two, of every list's primary family, which
 * makes the order of two VIPs that of the networks. A VIP that does not parse counts as IPv4.
 */
function vipFamilyErrors(vips: readonly string[], stack: Stack, kind: VipKind, release: Release): FieldError[] {
  if (!(stack.v4 && stack.v6)) return [];
  const path = `${platformPath}.${kind.field}`;
  const family = parseIp(vips[0]!)?.family ?? 4;
  if (!releaseHas(release, releases.vipFamilyPerNetwork)) {
    const machine = stack.lists.find((list) => list.name === "machineNetwork")?.primary;
    const detail = `VIP for the ${kind.name} must be of the same IP family with machine network's primary IP Family for dual-stack IPv4/IPv6`;
    return vips.length === 1 && family !== machine ? [invalidString(path, vips[0]!, detail)] : [];
  }
  return stack.lists
    .filter((list) => list.primary !== family)
    .map((list) =>
      invalidString(
        path,
        vips[0]!,
        `${list.name} primary IP Family and primary IP family for the ${kind.name} VIP should match`,
      ),
    );
}

function vipListErrors(
  config: InstallConfig,
  p: BaremetalPlatform,
  networks: Networks,
  kind: VipKind,
  release: Release,
): FieldError[] {
  const vips = p[kind.field] ?? [];
  const others = p[kind.other] ?? [];
  const path = `${platformPath}.${kind.field}`;
  if (vips.length === 0) return [required(path, `must specify at least one VIP for the ${kind.name}`)];
  if (vips.length > 2) return [tooMany(path, vips.length, 2)];
  const machine = networks.machine;
  // The OpenShiftSDN plugin cannot carry IPv6; once networking.ts refuses the plugin outright, this goes.
  const sdn = !releaseHas(release, releases.openShiftSdnRefused) && config.networking?.networkType === "OpenShiftSDN";
  const errors: FieldError[] = vips.flatMap((vip) => {
    const ip = parseIp(vip);
    return [
      ...(ip === undefined ? [invalidString(path, vip, validIpDetail(vip))] : []),
      // One error per Ingress VIP it equals, as the installer loops.
      ...(kind.name === "API" ? others.filter((other) => sameVip(vip, other, release)) : []).map(() =>
        invalidString(path, vip, "VIP for API must not be one of the Ingress VIPs"),
      ),
      ...(inAnyNetwork(machine, vip) ? [] : [invalidString(path, vip, machineNetworksDetail(machine))]),
      ...(ip?.family === 6 && sdn ? [invalidString(path, vip, "IPv6 is not supported on OpenShiftSDN")] : []),
    ];
  });
  if (others.length === 0) {
    const otherName = kind.name === "API" ? "ingress" : "API";
    const thisName = kind.name === "API" ? "API" : "ingress";
    errors.push(
      required(`${platformPath}.${kind.other}`, `must specify VIP for ${otherName}, when VIP for ${thisName} is set`),
    );
  }
  errors.push(...vipFamilyErrors(vips, stackOf(networks), kind, release));
  if (vips.length === 2) {
    const parsed = vips.map(parseIp);
    const unparsed = parsed.findIndex((ip) => ip === undefined);
    if (unparsed >= 0 && releaseHas(release, releases.vipFamilyPerNetwork)) {
      // The installer passes both lists, the whole of what it checks, as the bad value of the platform.
      const both = `validation.vips{API:${goListOrNil(p.apiVIPs)}, Ingress:${goListOrNil(p.ingressVIPs)}}`;
      errors.push(invalid(platformPath, both, `invalid IP[${unparsed}]: ${vips[unparsed]!}`));
    }
    if (unparsed >= 0 || !isDualStack(parsed as IpAddress[])) {
      const detail = `If two ${kind.name} VIPs are given, one must be an IPv4 address, the other an IPv6`;
      errors.push(invalid(path, goStringSlice(vips), detail));
    }
  }
  return errors;
}

/** Before 4.12: the singular fields, checked in the baremetal platform. */
function singularVipErrors(p: BaremetalPlatform, machine: readonly IpNetwork[], release: Release): FieldError[] {
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
    releaseHas(release, releases.apiVipNotIngressVip) && api === (p.ingressVIP ?? "")
      ? [invalidString(`${platformPath}.apiVIP`, api, "apiVIP and ingressVIP must not be set to the same value")]
      : [];
  return [...check("apiVIP"), ...check("ingressVIP"), ...same];
}

/** The VIPs' rules, which only the baremetal platform has here: platform none has no VIPs. */
export function vipErrors(config: InstallConfig, networks: Networks, release: Release): FieldError[] {
  const p = config.platform.baremetal;
  if (p === undefined) return [];
  if (!releaseHas(release, releases.vipLists)) return singularVipErrors(p, networks.machine, release);
  const reordered = releaseHas(release, releases.ipv4FirstVips)
    ? vipKinds.flatMap((kind) => ipv4FirstErrors(`${platformPath}.${kind.field}`, p[kind.field] ?? []))
    : [];
  return [...reordered, ...vipKinds.flatMap((kind) => vipListErrors(config, p, networks, kind, release))];
}
