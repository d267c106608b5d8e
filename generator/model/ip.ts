// IPv4 and IPv6 addresses and networks as Go's net package reads and prints them. Terraform's cidrhost() and the
// OpenShift installer are both Go, so one set of rules gives the addresses Terraform computes at plan time and the
// answers the installer's checks give. Both families: the installer takes IPv6 machine networks and VIPs, and a
// check that knew only IPv4 would accept what the installer rejects.

export type IpFamily = 4 | 6;

export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

export interface IpNetwork {
  readonly family: IpFamily;
  /**
   * The address as written, host bits included: Go's ParseCIDR returns it, the installer keeps it (its messages and
   * defaults use it), and a rule reports it. Terraform's functions work on firstAddress instead.
   */
  readonly address: bigint;
  readonly prefix: number;
}

export const bitsOf = (family: IpFamily): number => (family === 4 ? 32 : 128);

const ipv4MappedPrefix = 0xffffn << 32n;

// ---- parsing

const zero = 48;
const nine = 57;
const dot = 46;

/**
 * Dotted IPv4 as a number, Go's way: four decimal octets, none above 255, none with a leading zero. Read by hand, one
 * character at a time: the compiler parses a few hundred addresses per run, and this is its most frequent call.
 */
function parseIpv4Number(text: string): number | undefined {
  let value = 0;
  let octets = 0;
  let octet = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : dot;
    if (code >= zero && code <= nine) {
      // A leading zero ends an octet: "0" alone is one, "01" is none.
      if (digits === 1 && octet === 0) return undefined;
      octet = octet * 10 + (code - zero);
      if (++digits > 3 || octet > 255) return undefined;
    } else if (code === dot && digits > 0 && octets < 4) {
      value = value * 256 + octet;
      octets++;
      octet = 0;
      digits = 0;
    } else return undefined;
  }
  return octets === 4 ? value : undefined;
}

/** The 16-bit groups of one side of a "::", or undefined; a dotted IPv4 tail counts as two groups. */
function ipv6Groups(part: string, dottedTailAllowed: boolean): number[] | undefined {
  if (part === "") return [];
  const pieces = part.split(":");
  const groups: number[] = [];
  for (const [index, piece] of pieces.entries()) {
    if (/^[0-9A-Fa-f]{1,4}$/.test(piece)) {
      groups.push(parseInt(piece, 16));
      continue;
    }
    const v4 = dottedTailAllowed && index === pieces.length - 1 ? parseIpv4Number(piece) : undefined;
    if (v4 === undefined) return undefined;
    groups.push(Math.floor(v4 / 65536), v4 % 65536);
  }
  return groups;
}

/** IPv6 text as a 128-bit value: eight groups, or fewer around one "::" that stands for at least one zero group. */
function parseIpv6Value(text: string): bigint | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const elided = halves.length === 2;
  // Only the last half may end in dotted IPv4.
  const head = ipv6Groups(halves[0]!, !elided);
  const tail = elided ? ipv6Groups(halves[1]!, true) : [];
  if (head === undefined || tail === undefined) return undefined;
  const written = head.length + tail.length;
  if (elided ? written > 7 : written !== 8) return undefined;
  const groups = [...head, ...Array<number>(8 - written).fill(0), ...tail];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(group), 0n);
}

/** Go's net.ParseIP: dotted IPv4 without leading zeros, or IPv6; an IPv4-mapped IPv6 address counts as IPv4. */
export function parseIp(text: string): IpAddress | undefined {
  const v4 = parseIpv4Number(text);
  if (v4 !== undefined) return { family: 4, value: BigInt(v4) };
  if (!text.includes(":")) return undefined;
  const v6 = parseIpv6Value(text);
  if (v6 === undefined) return undefined;
  return v6 >> 32n === 0xffffn ? { family: 4, value: v6 - ipv4MappedPrefix } : { family: 6, value: v6 };
}

/**
 * Go's net.ParseCIDR, the address kept as written; an IPv4-mapped address stays IPv6 here, as Go's mask does. One
 * rule is stricter than Go's: the prefix has at most as many digits as the family's longest, so 10.0.0.0/024 is no
 * CIDR, as the spec's pattern has it.
 */
export function parseCidr(text: string): IpNetwork | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const v4 = parseIpv4Number(addressText);
  const family: IpFamily = v4 !== undefined ? 4 : 6;
  const bits = bitsOf(family);
  if (!/^[0-9]+$/.test(prefixText) || prefixText.length > String(bits).length) return undefined;
  const prefix = Number(prefixText);
  if (prefix > bits) return undefined;
  if (v4 !== undefined) return { family, address: BigInt(v4), prefix };
  const v6 = addressText.includes(":") ? parseIpv6Value(addressText) : undefined;
  return v6 === undefined ? undefined : { family, address: v6, prefix };
}

// ---- formatting

/** Go's IP.String for IPv4: dotted decimal. */
const formatIpv4 = (value: number): string =>
  `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;

/** The longest run of two or more zero groups, the first of equals (RFC 5952), or undefined. */
function longestZeroRun(groups: readonly number[]): { start: number; length: number } | undefined {
  let best: { start: number; length: number } | undefined;
  for (let start = 0; start < groups.length; start++) {
    let length = 0;
    while (groups[start + length] === 0) length++;
    if (length >= 2 && length > (best?.length ?? 0)) best = { start, length };
  }
  return best;
}

/**
 * Go's IP.String for IPv6: RFC 5952, lower-case groups without leading zeros, the longest zero run as "::". Go
 * prints a value of ::ffff:0:0/96 dotted; parseIp makes every such address IPv4, so only a network written there
 * reaches this, and prints in groups.
 */
function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  const hex = (from: number, to?: number) =>
    groups
      .slice(from, to)
      .map((group) => group.toString(16))
      .join(":");
  const run = longestZeroRun(groups);
  return run === undefined ? hex(0) : `${hex(0, run.start)}::${hex(run.start + run.length)}`;
}

export const formatIp = (ip: IpAddress): string =>
  ip.family === 4 ? formatIpv4(Number(ip.value)) : formatIpv6(ip.value);

/** The network as written, host bits included, as Go's IPNet.String prints a network it did not mask. */
export const formatNetwork = (network: IpNetwork): string =>
  `${formatIp({ family: network.family, value: network.address })}/${network.prefix}`;

// ---- networks

// Every mask computed once: the compiler asks for one with each address it checks.
const hostMasks = {
  4: Array.from({ length: 33 }, (_, prefix) => (1n << BigInt(32 - prefix)) - 1n),
  6: Array.from({ length: 129 }, (_, prefix) => (1n << BigInt(128 - prefix)) - 1n),
};
const hostMask = (family: IpFamily, prefix: number): bigint => hostMasks[family][prefix]!;

/** The prefix's mask as a value: the first `prefix` bits set. */
export const prefixMask = (family: IpFamily, prefix: number): bigint => hostMask(family, 0) ^ hostMask(family, prefix);

/** Dotted netmask of an IPv4 prefix, as Terraform's cidrnetmask() gives it (IPv6 is printed like an address). */
export const netmask = (prefix: number, family: IpFamily = 4): string =>
  formatIp({ family, value: prefixMask(family, prefix) });

/** The number of addresses. A power of two, so exact as a number even for an IPv6 /0. */
export const networkSize = (network: IpNetwork): number => 2 ** (bitsOf(network.family) - network.prefix);

export const hasHostBits = (network: IpNetwork): boolean =>
  (network.address & hostMask(network.family, network.prefix)) !== 0n;

/** The network address: host bits cleared, as Terraform's functions and go-cidr's ranges read a network. */
export const firstAddress = (network: IpNetwork): IpAddress => ({
  family: network.family,
  value: network.address & ~hostMask(network.family, network.prefix),
});

/** The broadcast address of an IPv4 network; the last address of an IPv6 one. */
export const lastAddress = (network: IpNetwork): IpAddress => ({
  family: network.family,
  value: network.address | hostMask(network.family, network.prefix),
});

/** The network without its host bits, the form Terraform's cidrsubnet() prints and a fix can suggest. */
export const withoutHostBits = (network: IpNetwork): IpNetwork => ({
  ...network,
  address: firstAddress(network).value,
});

export const contains = (network: IpNetwork, ip: IpAddress): boolean =>
  network.family === ip.family &&
  (ip.value & ~hostMask(network.family, network.prefix)) === firstAddress(network).value;

export const overlaps = (a: IpNetwork, b: IpNetwork): boolean =>
  a.family === b.family &&
  firstAddress(a).value <= lastAddress(b).value &&
  firstAddress(b).value <= lastAddress(a).value;

/** An address of the network that is neither its first (network) nor its last (broadcast) address. */
export function isUsableHost(network: IpNetwork, address: string): boolean {
  const ip = parseIp(address);
  return (
    ip !== undefined &&
    contains(network, ip) &&
    ip.value !== firstAddress(network).value &&
    ip.value !== lastAddress(network).value
  );
}

// ---- host numbers

/**
 * go-cidr's Host: the host number OR-ed into the network's address as written, a negative number counting back from
 * the last address (-1 is the last). Undefined where the network has no such host, as go-cidr then fails. The
 * installer's defaults pass a network as written, so one written with host bits gives other defaults than its
 * network address would.
 */
export function hostOf(network: IpNetwork, host: number): IpAddress | undefined {
  const size = networkSize(network);
  if (!Number.isInteger(host) || host >= size || host < -size) return undefined;
  const number = host < 0 ? hostMask(network.family, network.prefix) + 1n + BigInt(host) : BigInt(host);
  return { family: network.family, value: network.address | number };
}

/** Terraform's cidrhost(): go-cidr's Host on the network with its host bits cleared. */
export function cidrhost(network: IpNetwork, host: number): string {
  const ip = hostOf(withoutHostBits(network), host);
  if (ip === undefined) throw new RangeError(`host ${host} is outside /${network.prefix}`);
  return formatIp(ip);
}

/**
 * The address `host` places after the network address, wrapping past the family's last address: what a host number
 * would give in a network too small for it, so that a check can name the address before rejecting it.
 */
export const offsetAddress = (network: IpNetwork, host: number): IpAddress => ({
  family: network.family,
  value: BigInt.asUintN(bitsOf(network.family), firstAddress(network).value + BigInt(host)),
});

// ---- reverse DNS

/** An IPv6 value's 32 nibbles as hex digits, the most significant first. */
const nibbles = (value: bigint): string[] => [...value.toString(16).padStart(32, "0")];

/**
 * The ip6.arpa zone that holds an IPv6 network's addresses. A name under ip6.arpa has one label per nibble, so a
 * zone can only be cut between nibbles: the prefix is rounded down to a multiple of 4 bits (a /64 keeps 16 nibbles,
 * a /120 keeps 30), and the zone may hold addresses beyond the network, never fewer.
 */
export function ip6ArpaZone(network: IpNetwork): string {
  const kept = nibbles(firstAddress(network).value).slice(0, Math.floor(network.prefix / 4));
  return [...kept.reverse(), "ip6", "arpa"].join(".");
}

/** An IPv6 address's PTR name: its 32 nibbles, the least significant first, under ip6.arpa. */
export const ip6ArpaName = (ip: IpAddress): string => [...nibbles(ip.value).reverse(), "ip6", "arpa"].join(".");

// ---- comparing

/** The order Go's bytes.Compare gives two parsed addresses: IPv4 sorts as its IPv4-mapped IPv6 form. */
export function compareIp(a: IpAddress, b: IpAddress): number {
  const wide = (ip: IpAddress) => (ip.family === 4 ? ipv4MappedPrefix | ip.value : ip.value);
  const x = wide(a);
  const y = wide(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Go's IP.Equal. */
export const sameIp = (a: IpAddress, b: IpAddress): boolean => a.family === b.family && a.value === b.value;
