// Network rules that must hold before the model can compute addresses: no host bits, room for every derived
// host number, and no overlap between the two networks.
import { formatIpv4, networkSize, overlaps, parseCidr } from "../ipv4";
import { hostNumbers } from "../model";
import type { Finding } from "../findings";
import type { Spec } from "../spec";

const chuckyHighest = { number: hostNumbers.ingressVip, what: "the ingress VIP" };
const provisionHighest = { number: hostNumbers.provisioningDhcpEnd, what: "the end of the provisioning DHCP range" };

/** Smallest prefix length (largest number) whose network holds `host` below its broadcast address. */
const longestPrefixFor = (host: number): number => 32 - Math.ceil(Math.log2(host + 2));

function networkFindings(key: "chucky_net_addr" | "provision_net_addr", cidr: string, highest: { number: number; what: string }): Finding[] {
  const net = parseCidr(cidr);
  if (!net) return [{ severity: "error", path: [key], value: cidr, message: "is not an IPv4 network in CIDR notation" }];
  const findings: Finding[] = [];
  if (net.hadHostBits) {
    findings.push({
      severity: "error",
      path: [key],
      value: cidr,
      message: "has host bits set: a network address must end in zero bits",
      fix: `write ${formatIpv4(net.base)}/${net.prefix}`,
    });
  }
  if (highest.number + 2 > networkSize(net)) {
    const longest = longestPrefixFor(highest.number);
    findings.push({
      severity: "error",
      path: [key],
      value: cidr,
      message: `is too small: ${highest.what} is host ${highest.number}, which needs a /${longest} or larger network`,
      fix: `use a prefix length of at most ${longest}`,
    });
  }
  return findings;
}

export function checkNetworks(spec: Spec): Finding[] {
  const findings = [
    ...networkFindings("chucky_net_addr", spec.chucky_net_addr, chuckyHighest),
    ...networkFindings("provision_net_addr", spec.provision_net_addr, provisionHighest),
  ];
  const chucky = parseCidr(spec.chucky_net_addr);
  const provision = parseCidr(spec.provision_net_addr);
  if (spec.architecture === "vbmc" && chucky && provision && overlaps(chucky, provision)) {
    findings.push({
      severity: "error",
      path: ["provision_net_addr"],
      value: spec.provision_net_addr,
      message: `overlaps chucky_net_addr (${spec.chucky_net_addr}): the two networks must be disjoint`,
      fix: "choose a provisioning network outside the chucky network",
    });
  }
  return findings;
}
