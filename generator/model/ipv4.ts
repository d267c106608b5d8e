// IPv4 arithmetic with Terraform's semantics, so the model's addresses equal what cidrhost() computes at plan time.

export interface Ipv4Network {
  /** Network address as an unsigned 32-bit integer, host bits cleared (as Terraform does). */
  readonly base: number;
  readonly prefix: number;
  /** True when the written address had host bits set, e.g. 192.168.30.5/24. */
  readonly hadHostBits: boolean;
}

export function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export const formatIpv4 = (value: number): string =>
  [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");

export function parseCidr(text: string): Ipv4Network | undefined {
  const [address, prefixText, extra] = text.split("/");
  if (extra !== undefined || prefixText === undefined || !/^[0-9]{1,2}$/.test(prefixText)) return undefined;
  const ip = parseIpv4(address!);
  const prefix = Number(prefixText);
  if (ip === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const base = ip - (ip % size);
  return { base, prefix, hadHostBits: base !== ip };
}

export const networkSize = (network: Ipv4Network): number => 2 ** (32 - network.prefix);

/** Terraform's cidrhost(network, host), for non-negative host numbers inside the network. */
export function cidrhost(network: Ipv4Network, host: number): string {
  if (host < 0 || host >= networkSize(network)) throw new RangeError(`host ${host} is outside /${network.prefix}`);
  return formatIpv4(network.base + host);
}

export const netmask = (prefix: number): string => formatIpv4(2 ** 32 - 2 ** (32 - prefix));

/** An address of the network that is neither its network nor its broadcast address. */
export function isUsableHost(network: Ipv4Network, address: string): boolean {
  const value = parseIpv4(address);
  return value !== undefined && value > network.base && value < network.base + networkSize(network) - 1;
}

export const overlaps = (a: Ipv4Network, b: Ipv4Network): boolean =>
  a.base < b.base + networkSize(b) && b.base < a.base + networkSize(a);
