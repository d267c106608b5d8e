// The support VM's IPv6 services read back from the files as emitted, by their own syntax, and the containment gen-infra
// owes them. The real checkers do not look: named-checkzone loads a zone with a record outside it (it drops the record
// and exits 0), dhcpd -6 -t accepts a fixed-address6 outside every subnet6, and radvd -c accepts SLAAC on a prefix
// other than a /64. So the unit tests and the real-daemon test both hold the files to these assertions, and plant a
// case of each to see them fail where the checkers pass.
import { BlockList } from "node:net";

interface Dhcpd6Host {
  readonly name: string;
  readonly mac: string;
  readonly address: string;
}

export interface Dhcpd6 {
  /** The subnet6 declarations, as written. */
  readonly subnets: readonly string[];
  readonly ranges: readonly (readonly [start: string, end: string])[];
  readonly nameServers: readonly string[];
  readonly domainSearch: readonly string[];
  readonly hosts: readonly Dhcpd6Host[];
}

const withoutComments = (text: string, comment: string): string =>
  text
    .split("\n")
    .map((line) => line.split(comment)[0]!)
    .join("\n");

export function parseDhcpd6(text: string): Dhcpd6 {
  const conf = withoutComments(text, "#");
  const all = (pattern: RegExp) => [...conf.matchAll(pattern)];
  return {
    subnets: all(/^\s*subnet6\s+(\S+)\s*\{/gm).map((m) => m[1]!),
    ranges: all(/^\s*range6\s+(\S+)\s+(\S+)\s*;/gm).map((m) => [m[1]!, m[2]!] as const),
    nameServers: all(/^\s*option dhcp6\.name-servers\s+([^;]+);/gm).map((m) => m[1]!.trim()),
    domainSearch: all(/^\s*option dhcp6\.domain-search\s+"([^"]*)"\s*;/gm).map((m) => m[1]!),
    hosts: all(/^\s*host\s+(\S+)\s*\{([^}]*)\}/gm).map(([, name, body]) => ({
      name: name!,
      mac: /hardware ethernet\s+([0-9a-fA-F:]+)\s*;/.exec(body!)?.[1]?.toLowerCase() ?? "",
      address: /fixed-address6\s+([^;\s]+)\s*;/.exec(body!)?.[1] ?? "",
    })),
  };
}

interface RadvdPrefix {
  readonly prefix: string;
  readonly onLink: boolean;
  readonly autonomous: boolean;
}

export interface Radvd {
  readonly interface: string;
  readonly sendAdvert: boolean;
  readonly managed: boolean;
  readonly other: boolean;
  /** radvd's default (3 × MaxRtrAdvInterval, 1800 s) where the file leaves it out. */
  readonly routerLifetime: number;
  readonly linkMtu: number | undefined;
  readonly prefixes: readonly RadvdPrefix[];
}

/** radvd's defaults where a file leaves a setting out (radvd.conf(5)): on-link and autonomous are on. */
export function parseRadvd(text: string): Radvd {
  const conf = withoutComments(text, "#");
  const flag = (body: string, name: string, fallback: boolean) => {
    const value = new RegExp(`\\b${name}\\s+(on|off)\\s*;`).exec(body)?.[1];
    return value === undefined ? fallback : value === "on";
  };
  const prefixes = [...conf.matchAll(/\bprefix\s+(\S+)\s*\{([^}]*)\}/g)];
  const outer = prefixes.reduce((rest, [block]) => rest.replace(block, ""), conf);
  const number = (name: string): number | undefined => {
    const value = new RegExp(`\\b${name}\\s+(\\d+)\\s*;`).exec(outer)?.[1];
    return value === undefined ? undefined : Number(value);
  };
  return {
    interface: /\binterface\s+(\S+)\s*\{/.exec(conf)?.[1] ?? "",
    sendAdvert: flag(outer, "AdvSendAdvert", false),
    managed: flag(outer, "AdvManagedFlag", false),
    other: flag(outer, "AdvOtherConfigFlag", false),
    routerLifetime: number("AdvDefaultLifetime") ?? 1800,
    linkMtu: number("AdvLinkMTU"),
    prefixes: prefixes.map(([, prefix, body]) => ({
      prefix: prefix!,
      onLink: flag(body!, "AdvOnLink", true),
      autonomous: flag(body!, "AdvAutonomous", true),
    })),
  };
}

interface ZoneRecord {
  /** Absolute, lower case, without the final dot. */
  readonly owner: string;
  readonly type: string;
  readonly value: string;
}

export interface Zone {
  /** The $ORIGIN, lower case, without the final dot. */
  readonly origin: string;
  readonly records: readonly ZoneRecord[];
}

/** A zone file as this project writes them: $ORIGIN and $TTL, a parenthesised SOA, then one record a line. */
export function parseZone(text: string): Zone {
  let origin = "";
  const records: ZoneRecord[] = [];
  const absolute = (name: string) =>
    (name === "@" ? origin : name.endsWith(".") ? name.slice(0, -1) : `${name}.${origin}`).toLowerCase();
  for (const line of withoutComments(text, ";").split("\n")) {
    const directive = /^\$ORIGIN\s+(\S+)/.exec(line);
    if (directive) origin = directive[1]!.replace(/\.$/, "").toLowerCase();
    // The SOA's continuation lines start with blanks or its closing parenthesis.
    const record = /^(\S+)\s+(?:\d+\s+)?IN\s+(\S+)\s+(.+?)\s*$/.exec(line);
    if (record && !line.startsWith("$"))
      records.push({ owner: absolute(record[1]!), type: record[2]!, value: record[3]! });
  }
  return { origin, records };
}

/** An IPv6 address's 32 nibbles, most significant first: read here by hand, not through gen-infra's parser. */
function nibblesOf(address: string): string[] {
  const [head = "", tail] = address.toLowerCase().split("::");
  const groups = (part: string | undefined) => (part ? part.split(":") : []);
  const written = [...groups(head), ...groups(tail)].length;
  const all =
    tail === undefined ? groups(head) : [...groups(head), ...Array<string>(8 - written).fill("0"), ...groups(tail)];
  if (all.length !== 8 || !all.every((g) => /^[0-9a-f]{1,4}$/.test(g)))
    throw new Error(`not an IPv6 address: ${address}`);
  return [...all.map((g) => g.padStart(4, "0")).join("")];
}

/** The PTR owner name of an IPv6 address, without the final dot. */
export const ptrName = (address: string): string => [...nibblesOf(address).reverse(), "ip6", "arpa"].join(".");

const isUnder = (name: string, zone: string): boolean => name === zone || name.endsWith(`.${zone}`);

function inside(prefix: string, address: string): boolean {
  const [network = "", length = ""] = prefix.split("/");
  const list = new BlockList();
  list.addSubnet(network, Number(length), "ipv6");
  return list.check(address, "ipv6");
}

export interface Ipv6ServiceFiles {
  readonly dhcpd6: string;
  readonly radvd: string;
  readonly forward: string;
  readonly reverse6: string;
}

/**
 * What breaks containment, one sentence each, or none: a fixed-address6 or range6 bound outside the subnet6; a
 * record of reverse6.zone outside its origin; an AAAA whose PTR name is not under the reverse zone, or that the zone
 * does not map back to a name with that address (one of them, where names share it: without VIPs, api has the
 * masters' addresses, which map back to the masters); SLAAC on a prefix that is not a /64.
 */
export function containmentProblems(files: Ipv6ServiceFiles): string[] {
  const dhcpd6 = parseDhcpd6(files.dhcpd6);
  const problems: string[] = [];
  const [subnet] = dhcpd6.subnets;
  if (dhcpd6.subnets.length !== 1 || subnet === undefined)
    problems.push(`dhcpd6.conf: ${dhcpd6.subnets.length} subnet6 declarations, where chucky has one prefix`);
  const inSubnet = (what: string, address: string) => {
    if (subnet !== undefined && !inside(subnet, address))
      problems.push(`dhcpd6.conf: ${what} ${address} lies outside subnet6 ${subnet}`);
  };
  for (const [start, end] of dhcpd6.ranges) {
    inSubnet("range6 start", start);
    inSubnet("range6 end", end);
  }
  for (const host of dhcpd6.hosts) inSubnet(`fixed-address6 of host ${host.name}`, host.address);

  const reverse = parseZone(files.reverse6);
  for (const record of reverse.records)
    if (!isUnder(record.owner, reverse.origin))
      problems.push(`reverse6.zone: ${record.type} ${record.owner} lies outside the zone ${reverse.origin}`);
  const ptrs = new Map(
    reverse.records.filter((r) => r.type === "PTR").map((r) => [r.owner, r.value.replace(/\.$/, "").toLowerCase()]),
  );
  const named = parseZone(files.forward).records.filter((r) => r.type === "AAAA" && !r.owner.startsWith("*."));
  const holders = (address: string) => named.filter((r) => r.value === address).map((r) => r.owner);
  for (const record of named) {
    const name = ptrName(record.value);
    if (!isUnder(name, reverse.origin))
      problems.push(`forward.zone: AAAA ${record.value} of ${record.owner} has its PTR name outside ${reverse.origin}`);
    else if (!holders(record.value).includes(ptrs.get(name) ?? ""))
      problems.push(`reverse6.zone: ${name} does not map ${record.value} back to ${record.owner}`);
  }

  for (const prefix of parseRadvd(files.radvd).prefixes)
    if (prefix.autonomous && !prefix.prefix.endsWith("/64"))
      problems.push(`radvd.conf: SLAAC (AdvAutonomous) on ${prefix.prefix}, which is not a /64`);
  return problems;
}

/** The files of a compiled lab with IPv6, by the names gen-infra writes them. */
export function ipv6ServiceFiles(files: ReadonlyMap<string, string>): Ipv6ServiceFiles {
  const file = (name: string) => {
    const text = files.get(name);
    if (text === undefined) throw new Error(`${name} was not written`);
    return text;
  };
  return {
    dhcpd6: file("dhcpd6.conf"),
    radvd: file("radvd.conf"),
    forward: file("forward.zone"),
    reverse6: file("reverse6.zone"),
  };
}
