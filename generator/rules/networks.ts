// Network rules that must hold before the model can compute addresses: no host bits, room for every derived host
// number, and no overlap with each other or with the networks already on the hypervisor.
import {
  firstAddress,
  formatNetwork,
  hasHostBits,
  lastAddress,
  networkSize,
  overlaps,
  parseCidr,
  withoutHostBits,
  type IpNetwork,
} from "../model/ip";
import { hostNumber } from "../model/address-plan";
import type { Finding } from "../findings";
import type { Spec } from "../input/spec";
import { managementOf } from "../input/management";
import type { Rule } from "./rule";
import { lab, the, type LabText, type SymbolRef } from "./lab-terms";

type NetworkKey = "chucky_net_addr" | "provision_net_addr";

/**
 * The highest host number each network must hold below its broadcast address in the smallest cluster (no workers).
 * A larger cluster needs more: the addresses rule checks that, naming the first node or address that does not fit.
 */
export const highestHost: Record<NetworkKey, { number: number; what: string }> = {
  chucky_net_addr: { number: hostNumber("ingressVip", 0), what: "the ingress VIP" },
  provision_net_addr: { number: hostNumber("provisioningDhcpEnd", 0), what: "the end of the provisioning DHCP range" },
};
const networkKeys = Object.keys(highestHost) as NetworkKey[];
const networkSymbol: Record<NetworkKey, SymbolRef> = {
  chucky_net_addr: the.chuckyNetwork,
  provision_net_addr: the.provisionNetwork,
};

/** The longest prefix whose network holds `host` below its last (in IPv4 its broadcast) address. */
export const longestPrefixFor = (host: number, bits = 32): number => bits - Math.ceil(Math.log2(host + 2));

/** Why a network is too small for the plan's highest host number in a family of `bits`. */
export const tooSmallFor = ({ number, what }: { number: number; what: string }, bits = 32): string =>
  `is too small: ${what} is host ${number}, which needs a /${longestPrefixFor(number, bits)} or larger network`;

const tooSmall = (key: NetworkKey) => tooSmallFor(highestHost[key]);
const hostBitsMessage = "has host bits set: a network address must end in zero bits";

function parsed(spec: Spec, key: NetworkKey): IpNetwork {
  const net = parseCidr(spec[key]);
  if (!net) throw new Error(`schema let an invalid CIDR through: ${key}`);
  return net;
}

export const networkSizeRule: Rule<Spec> = {
  id: "network-size",
  summary:
    "`chucky_net_addr` and `provision_net_addr` are large enough for every host derived from them: the ingress VIP is host 110 and the provisioning DHCP range ends at host 100, so each needs a /25 or larger.",
  check: (spec) =>
    networkKeys.flatMap((key): Finding[] => {
      const net = parsed(spec, key);
      if (highestHost[key].number + 2 <= networkSize(net)) return [];
      const fix = `use a prefix length of at most ${longestPrefixFor(highestHost[key].number)}`;
      return [{ severity: "error", path: [key], value: spec[key], message: tooSmall(key), fix }];
    }),
  validations: Object.fromEntries(
    networkKeys.map((key) => [
      networkSymbol[key].symbol,
      [
        {
          condition: lab`can(cidrhost(${networkSymbol[key]}, ${highestHost[key].number + 1}))`,
          message: [`${key} ${tooSmall(key)}.`],
        },
      ],
    ]),
  ),
};

export const hostBitsRule: Rule<Spec> = {
  id: "network-host-bits",
  summary: "Network addresses have no host bits set (`192.168.30.0/24`, not `192.168.30.5/24`).",
  check: (spec) =>
    networkKeys.flatMap((key): Finding[] => {
      const net = parsed(spec, key);
      if (!hasHostBits(net)) return [];
      const fix = `write ${formatNetwork(withoutHostBits(net))}`;
      return [{ severity: "error", path: [key], value: spec[key], message: hostBitsMessage, fix }];
    }),
  validations: Object.fromEntries(
    networkKeys.map((key) => [
      networkSymbol[key].symbol,
      [
        {
          condition: lab`try(cidrsubnet(${networkSymbol[key]}, 0, 0) == ${networkSymbol[key]}, false)`,
          message: [`${key} ${hostBitsMessage}.`],
        },
      ],
    ]),
  ),
};

/** Ranges no lab network may touch: they mean something else to every host. */
const reservedRanges = [
  { cidr: "0.0.0.0/8", what: "'this network'" },
  { cidr: "127.0.0.0/8", what: "loopback" },
  { cidr: "169.254.0.0/16", what: "link-local" },
  { cidr: "224.0.0.0/3", what: "multicast and reserved" },
].map((range) => ({ ...range, net: parseCidr(range.cidr)! }));

const reservedMessage = `must not overlap a reserved range (${reservedRanges.map((r) => `${r.cidr} ${r.what}`).join(", ")})`;

/**
 * The number of an address of the network `cidr` (`host` 0 is the first, -1 the last), as a plan computes it: a
 * symbol, or a name the target's own expression binds.
 */
export const addressNumber = (cidr: SymbolRef | string, host: 0 | -1): LabText =>
  lab`sum([for i, octet in split(".", cidrhost(${cidr}, ${host})) : tonumber(octet) * pow(256, 3 - i)])`;

export const networkReservedRule: Rule<Spec> = {
  id: "network-reserved",
  summary:
    "`chucky_net_addr` and `provision_net_addr` stay clear of the ranges reserved for 'this network', loopback, link-local and multicast (0.0.0.0/8, 127.0.0.0/8, 169.254.0.0/16, 224.0.0.0/3); `0.0.0.0/0` overlaps them all.",
  check: (spec) =>
    networkKeys.flatMap((key): Finding[] => {
      const net = parsed(spec, key);
      const hit = reservedRanges.find((range) => overlaps(net, range.net));
      if (!hit) return [];
      return [
        {
          severity: "error",
          path: [key],
          value: spec[key],
          message: `${reservedMessage}: it overlaps ${hit.cidr}`,
          fix: "use a private network such as 192.168.30.0/24 or 172.22.0.0/24",
        },
      ];
    }),
  validations: Object.fromEntries(
    networkKeys.map((key) => {
      const ranges = reservedRanges
        .map(({ net }) => `[${firstAddress(net).value}, ${lastAddress(net).value}]`)
        .join(", ");
      const first = addressNumber(networkSymbol[key], 0);
      const last = addressNumber(networkSymbol[key], -1);
      return [
        networkSymbol[key].symbol,
        [
          {
            // try(): a value that is no CIDR at all is reported by the format's own validation.
            condition: lab`try(alltrue([for range in [${ranges}] : !(range[0] <= ${last} && ${first} <= range[1])]), true)`,
            message: [`${key} ${reservedMessage}.`],
          },
        ],
      ];
    }),
  ),
};

export const networkOverlapRule: Rule<Spec> = {
  id: "network-overlap",
  summary:
    "`chucky_net_addr` and `provision_net_addr` (where there is a provisioning network) do not overlap each other or any of `existing_networks` (by default libvirt's `default`, 192.168.122.0/24).",
  check: (spec) => {
    const ours: { key: NetworkKey; net: IpNetwork }[] = [
      { key: "chucky_net_addr", net: parsed(spec, "chucky_net_addr") },
    ];
    if (managementOf(spec).provisioning)
      ours.push({ key: "provision_net_addr", net: parsed(spec, "provision_net_addr") });
    const findings: Finding[] = [];
    for (const [i, { key, net }] of ours.entries()) {
      for (const other of ours.slice(0, i)) {
        if (overlaps(net, other.net)) {
          findings.push({
            severity: "error",
            path: [key],
            value: spec[key],
            message: `overlaps ${other.key} (${spec[other.key]}): the networks must be disjoint`,
            fix: `choose a ${key} outside ${spec[other.key]}`,
          });
        }
      }
      spec.existing_networks.forEach((cidr, index) => {
        const existing = parseCidr(cidr);
        if (existing && overlaps(net, existing)) {
          findings.push({
            severity: "error",
            path: [key],
            value: spec[key],
            message: `overlaps existing_networks[${index}] (${cidr}), a network already on the hypervisor`,
            fix: `choose a ${key} outside ${cidr}`,
          });
        }
      });
    }
    return findings;
  },
  // The overlaps of the networks a plan is given: the target computes them (Terraform has no function for it).
  preconditions: () => ({
    chuckyNetwork: [
      {
        condition: lab`length(${the.overlappingNetworks}) == 0`,
        message: lab`Networks must not overlap: \${join("; ", ${the.overlappingNetworks})}.`,
      },
    ],
  }),
};
