// IP addresses and networks as the OpenShift installer reads them (Go's net.ParseIP and net.ParseCIDR), for the
// installer's own rules in installer-rules.ts. Both families: the installer's test cases use IPv6 machine networks
// and VIPs, and a rule that knew only IPv4 would accept what the installer rejects. IPv4 goes through ipv4.ts.
import { formatIpv4, parseCidr as parseCidrIpv4, parseIpv4 } from "../model/ipv4";

export type IpFamily = 4 | 6;

export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

export interface IpNetwork {
  readonly family: IpFamily;
  /** The address as written, host bits included: Go keeps it, and the installer's messages and defaults use it. */
  readonly address: bigint;
  readonly prefix: number;
}

const bitsOf = (family: IpFamily): number => (family === 4 ? 32 : 128);
const ipv4MappedPrefix = 0xffffn << 32n;

function parseIpv6Groups(text: string): bigint | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === "") return [];
    const words: number[] = [];
    const pieces = part.split(":");
    for (const [index, piece] of pieces.entries()) {
      if (piece.includes(".")) {
        // A dotted IPv4 tail fills the last 32 bits, and only there.
        const v4 = index === pieces.length - 1 ? parseIpv4(piece) : undefined;
        if (v4 === undefined) return undefined;
        words.push(Math.floor(v4 / 65536), v4 % 65536);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(piece)) {
        words.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return words;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (head === undefined || tail === undefined) return undefined;
  // Within a half, a dotted tail is only allowed in the last half.
  if (halves.length === 2 && halves[0]!.includes(".")) return undefined;
  const written = head.length + tail.length;
  if (halves.length === 1 ? written !== 8 : written > 7) return undefined;
  const words = [...head, ...Array<number>(8 - written).fill(0), ...tail];
  return words.reduce((acc, word) => (acc << 16n) | BigInt(word), 0n);
}

/** Go's net.ParseIP: dotted IPv4 without leading zeros, or IPv6; an IPv4-mapped IPv6 address counts as IPv4. */
export function parseIp(text: string): IpAddress | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: 4, value: BigInt(v4) };
  if (!text.includes(":")) return undefined;
  const v6 = parseIpv6Groups(text);
  if (v6 === undefined) return undefined;
  return v6 >> 32n === 0xffffn ? { family: 4, value: v6 - ipv4MappedPrefix } : { family: 6, value: v6 };
}

export function parseNetwork(text: string): IpNetwork | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const v4 = parseCidrIpv4(text);
  if (v4 !== undefined) return { family: 4, address: BigInt(parseIpv4(addressText)!), prefix: v4.prefix };
  if (!addressText.includes(":") || !/^[0-9]{1,3}$/.test(prefixText) || Number(prefixText) > 128) return undefined;
  const address = parseIpv6Groups(addressText);
  return address === undefined ? undefined : { family: 6, address, prefix: Number(prefixText) };
}

const hostMask = (network: IpNetwork): bigint => (1n << BigInt(bitsOf(network.family) - network.prefix)) - 1n;
export const firstAddress = (network: IpNetwork): bigint => network.address & ~hostMask(network);
export const lastAddress = (network: IpNetwork): bigint => network.address | hostMask(network);
export const hasHostBits = (network: IpNetwork): boolean => (network.address & hostMask(network)) !== 0n;

export const contains = (network: IpNetwork, ip: IpAddress): boolean =>
  network.family === ip.family && (ip.value & ~hostMask(network)) === firstAddress(network);

/**
 * go-cidr's Host, which the installer's defaults call: the host number is OR-ed into the address as written, so a
 * network written with host bits gives different defaults than its network address would. Undefined past the end.
 */
export function hostNumber(network: IpNetwork, host: number): IpAddress | undefined {
  if (BigInt(host) > hostMask(network)) return undefined;
  return { family: network.family, value: network.address | BigInt(host) };
}

/** Go's IP.String: dotted IPv4, or RFC 5952 IPv6 (lower case, the longest run of two or more zero groups as ::). */
export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) return formatIpv4(Number(ip.value));
  const words = Array.from({ length: 8 }, (_, i) => Number((ip.value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { start: -1, length: 0 };
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && words[start + length] === 0) length++;
    if (length >= 2 && length > best.length) best = { start, length };
  }
  const hex = (from: number, to: number) =>
    words
      .slice(from, to)
      .map((w) => w.toString(16))
      .join(":");
  return best.start < 0 ? hex(0, 8) : `${hex(0, best.start)}::${hex(best.start + best.length, 8)}`;
}

export const formatNetwork = (network: IpNetwork): string =>
  `${formatIp({ family: network.family, value: network.address })}/${network.prefix}`;

/** The order Go's bytes.Compare gives two parsed addresses: IPv4 sorts as its IPv4-mapped IPv6 form. */
export function compareIp(a: IpAddress, b: IpAddress): number {
  const wide = (ip: IpAddress) => (ip.family === 4 ? ipv4MappedPrefix | ip.value : ip.value);
  const x = wide(a);
  const y = wide(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const sameIp = (a: IpAddress, b: IpAddress): boolean => a.family === b.family && a.value === b.value;
