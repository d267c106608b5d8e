// The IPv6 prefixes' rules. Terraform has no IPv6 netmask function, so a plan can check an IPv6 prefix only through
// cidrsubnet() and cidrhost(): a prefix is accepted where it is written exactly as cidrsubnet() prints it, which
// gen-infra holds it to as well, so that both accept the same values; and chucky's and the provisioning network's
// hold the address plan's host numbers, as network-size says for IPv4.
import { firstAddress, formatIp, formatNetwork, networkSize, parseCidr, parseIp, withoutHostBits } from "../model/ip";
import type { IpNetwork } from "../model/ip";
import type { Finding } from "../findings";
import { ipv6Defaults, type Spec } from "../input/spec";
import type { Rule } from "./rule";
import { lab, the, type SymbolRef } from "./lab-terms";
import { highestHost, longestPrefixFor, tooSmallFor } from "./networks";

type V6Key = keyof typeof ipv6Defaults;
const v6Keys = Object.keys(ipv6Defaults) as V6Key[];

/** The IPv6 prefixes a plan reads, by the symbol the target binds to each one's variable. */
const planned = [
  { key: "chucky_net_addr_v6", symbol: the.chuckyNetworkV6, ipv4: "chucky_net_addr" },
  { key: "provision_net_addr_v6", symbol: the.provisionNetworkV6, ipv4: "provision_net_addr" },
] as const satisfies readonly { key: V6Key; symbol: SymbolRef; ipv4: keyof typeof highestHost }[];
type PlannedKey = (typeof planned)[number]["key"];

const bits = 128;

/** What canonical form means, in the words of gen-infra's finding and of the plan's validation alike. */
const canonicalRule =
  "must be an IPv6 network written as Terraform writes it: lower case, no leading zeros in a group, the longest run of two or more zero groups as ::, and no host bits";

/**
 * cidrsubnet(prefix, 0, 0) as Terraform prints it, or undefined where that is not an IPv6 network: Go prints a
 * network whose address is IPv4-mapped (::ffff:0:0/96) as IPv4.
 */
function terraformForm(network: IpNetwork): string | undefined {
  const masked = withoutHostBits(network);
  if (network.family !== 6 || parseIp(formatIp(firstAddress(masked)))?.family !== 6) return undefined;
  return formatNetwork(masked);
}

export const networkCanonicalRule: Rule<Spec> = {
  id: "network-canonical",
  summary:
    "`chucky_net_addr_v6`, `provision_net_addr_v6`, `cluster_network_v6` and `service_network_v6` are written as Terraform's `cidrsubnet()` prints them: lower case, no leading zeros in a group, the longest run of two or more zero groups as `::`, no host bits (`fd00:30::/64`, not `fd00:30:0::/64` or `fd00:30::5/64`); an IPv4-mapped network (`::ffff:0:0/96`) is none, as Terraform reads it as IPv4.",
  check: (spec) =>
    v6Keys.flatMap((key): Finding[] => {
      const value = spec[key];
      if (value === undefined) return [];
      const network = parseCidr(value);
      const form = network && terraformForm(network);
      if (form === value) return [];
      const fix = form ? `write ${form}` : `write an IPv6 network such as ${ipv6Defaults[key]}`;
      return [{ severity: "error", path: [key], value, message: canonicalRule, fix }];
    }),
  validations: Object.fromEntries(
    planned.map(({ key, symbol }) => [
      symbol.symbol,
      [
        {
          // try(): cidrsubnet() fails on what is no CIDR at all, which is not canonical either.
          condition: lab`try(cidrsubnet(${symbol}, 0, 0) == ${symbol}, false)`,
          message: [`${key} ${canonicalRule}.`],
        },
      ],
    ]),
  ),
};

/** The prefixes the stack addresses: chucky's with IPv6, the provisioning network's where IPv6 is primary. */
function addressedKeys({ ip_stack: stack }: Spec): PlannedKey[] {
  if (!stack.includes("6")) return [];
  return stack.startsWith("v6") ? ["chucky_net_addr_v6", "provision_net_addr_v6"] : ["chucky_net_addr_v6"];
}

const highestOf = (key: PlannedKey) => highestHost[planned.find((p) => p.key === key)!.ipv4];

export const networkSizeV6Rule: Rule<Spec> = {
  id: "network-size-v6",
  summary: `\`chucky_net_addr_v6\`, and \`provision_net_addr_v6\` where the provisioning network is IPv6 (\`ip_stack\` v6 and v6v4), are large enough for every host derived from them, as \`network-size\` says for IPv4: the ingress VIP is host 110 and the provisioning DHCP range ends at host 100, so each needs a /${longestPrefixFor(highestHost.chucky_net_addr.number, bits)} or larger (a /120 holds 128 workers).`,
  check: (spec) =>
    addressedKeys(spec).flatMap((key): Finding[] => {
      const value = spec[key] ?? ipv6Defaults[key];
      const network = parseCidr(value);
      // The canonical-form rule reports what is no IPv6 network.
      if (network?.family !== 6) return [];
      const highest = highestOf(key);
      if (highest.number + 2 <= networkSize(network)) return [];
      const fix = `use a prefix length of at most ${longestPrefixFor(highest.number, bits)}`;
      return [{ severity: "error", path: [key], value, message: tooSmallFor(highest, bits), fix }];
    }),
  validations: Object.fromEntries(
    planned.map(({ key, symbol }) => [
      symbol.symbol,
      [
        {
          condition: lab`can(cidrhost(${symbol}, ${highestOf(key).number + 1}))`,
          message: [`${key} ${tooSmallFor(highestOf(key), bits)}.`],
        },
      ],
    ]),
  ),
};
