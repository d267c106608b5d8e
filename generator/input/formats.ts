// Textual formats shared by the spec schema (zod) and the emitted Terraform `validation` blocks, so the compiler
// and Terraform accept exactly the same strings. Every pattern is valid in both JavaScript and RE2 (Terraform).
import { ocpVersionPattern, releaseLinesText } from "../releases";

export interface Format {
  /** Anchored pattern, written once for both engines. */
  readonly pattern: string;
  /** What is allowed, phrased to follow "must be". */
  readonly allowed: string;
  /** Longest string allowed, where the pattern alone does not bound it. */
  readonly maxLength?: number;
}

const octet = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
const label = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
// A MAC's first octet must be even: an odd one is a multicast address, which no NIC may have.
const unicastOctet = "[0-9a-f][02468ace]";

export const formats = {
  ipv4: { pattern: `^(${octet}\\.){3}${octet}$`, allowed: "an IPv4 address such as 8.8.8.8" },
  ipv6: {
    // The textual forms inet_pton accepts, compressed or not; the model parses them again and rejects the rest.
    pattern: "^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*$",
    allowed: "an IPv6 address such as fd00::1",
    maxLength: 45,
  },
  ipv6Cidr: {
    // The shape only; the model parses it, and the network-canonical rule holds it to the one form Terraform's
    // cidrsubnet() prints.
    pattern: "^[0-9a-f:]*:[0-9a-f:]*/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8])$",
    allowed: "an IPv6 network in CIDR notation such as fd00:30::/64",
    maxLength: 43,
  },
  ipv4Cidr: {
    pattern: `^(${octet}\\.){3}${octet}/([0-9]|[12][0-9]|3[0-2])$`,
    allowed: "an IPv4 network in CIDR notation such as 192.168.30.0/24",
  },
  absolutePath: {
    pattern: "^/[-A-Za-z0-9_.+@:/]*$",
    allowed: "an absolute file path on the hypervisor, of letters, digits and - _ . + @ : /",
    maxLength: 4096,
  },
  mac: {
    pattern: `^${unicastOctet}(:[0-9a-f]{2}){5}$`,
    allowed: "a unicast lower-case MAC address (even first octet) such as 52:54:00:9d:41:3c",
  },
  masterMacBase: {
    pattern: `^${unicastOctet}(:[0-9a-f]{2}){4}:[0-9a-f]$`,
    allowed:
      "the first 11 lower-case hex digits of a unicast MAC (even first octet), leaving one digit for the node, such as 52:54:00:a9:6d:7",
  },
  workerMacBase: {
    pattern: `^${unicastOctet}(:[0-9a-f]{2}){4}:$`,
    allowed:
      "the first five lower-case octets of a unicast MAC (even first octet) and a colon, leaving two digits for the node, such as 52:54:00:a9:6d:",
  },
  ocpVersion: {
    pattern: ocpVersionPattern,
    allowed: `a released OpenShift version, major.minor.patch, of ${releaseLinesText}, such as 4.20.3 (a newer release's installer is not known, and pre-releases such as 5.0.0-ec.2 are not taken)`,
  },
  clusterName: {
    pattern: `^${label}$`,
    allowed: "a DNS label: lower-case letters, digits and '-', at most 63 characters, no leading or trailing '-'",
  },
  dnsZone: {
    pattern: `^(${label}\\.)*${label}$`,
    allowed: "a DNS domain of lower-case labels separated by dots, at most 253 characters, such as tale.net",
    maxLength: 253,
  },
  hypervisorName: {
    pattern: "^[a-z][a-z0-9-]{0,14}$",
    allowed: "a lower-case letter, then at most 14 lower-case letters, digits and '-'",
  },
  poolName: { pattern: "^[A-Za-z0-9][-A-Za-z0-9_.]{0,63}$", allowed: "a libvirt storage pool name such as default" },
  nodeName: {
    pattern: "^(master|arbiter|worker)(0|[1-9][0-9]{0,2})$",
    allowed: "a node's name as the report gives it: master0, arbiter0, worker12",
  },
} as const satisfies Record<string, Format>;
