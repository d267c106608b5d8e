// libvirt object names must be unique per kind on the hypervisor, and Linux limits bridge (interface) names to
// 15 characters.
import { cut, type Finding } from "../findings";
import { limits } from "../input/spec";
import type { Cluster } from "../model/model";
import type { Rule } from "./rule";
import { lab, shown, the } from "./lab-terms";

/** The cluster's domain inside a plan's string. */
const dnsName = lab`${shown(the.clusterName)}.${shown(the.dnsZone)}`;

const maxInterfaceName = 15;

export const namesRule: Rule<Cluster> = {
  id: "names",
  summary:
    "`cluster_name` is a DNS label and `dns_zone` a domain (schema); libvirt domain, volume and network names are unique, and bridge names (with `name_prefix`) are at most 15 characters, the Linux interface-name limit.",
  notInTerraform:
    "`name_prefix` is written into the HCL as a literal, which `-var` cannot change; `cluster_name` and `dns_zone` have `validation` blocks",
  check: (cluster) => {
    const findings: Finding[] = [];
    const prefix = cluster.spec.name_prefix;
    for (const network of cluster.networks) {
      if (network.bridge.length > maxInterfaceName) {
        findings.push({
          severity: "error",
          path: ["name_prefix"],
          value: prefix,
          message: `makes the bridge name ${network.bridge} ${network.bridge.length} characters long; Linux allows ${maxInterfaceName}`,
          fix: `shorten name_prefix to at most ${maxInterfaceName - (network.bridge.length - prefix.length)} characters`,
        });
      }
    }
    const kinds: [string, string[]][] = [
      ["domain", cluster.nodes.map((n) => n.name)],
      ["volume", [cluster.names.rhelVolume, ...cluster.nodes.map((n) => n.volumeName)]],
      ["network", cluster.networks.map((n) => n.libvirtName)],
    ];
    for (const [kind, names] of kinds) {
      const seen = new Set<string>();
      const repeated = new Set<string>();
      for (const name of names) (seen.has(name) ? repeated : seen).add(name);
      for (const name of repeated) {
        findings.push({
          severity: "error",
          path: ["name_prefix"],
          value: prefix,
          message: `gives two libvirt ${kind}s the name ${name}`,
        });
      }
    }
    return findings;
  },
};

/** The longest name the cluster's DNS holds, as the installer and the support VM's zone spell it. */
const longestPrefix = "api-int.";

export const dnsNameLengthRule: Rule<Cluster> = {
  id: "dns-name-length",
  summary: `\`${longestPrefix}<cluster_name>.<dns_zone>\`, the longest name in the cluster's DNS, is at most ${limits.dnsName} characters, the DNS limit.`,
  check: ({ spec }) => {
    const name = `${longestPrefix}${spec.cluster_name}.${spec.dns_zone}`;
    if (name.length <= limits.dnsName) return [];
    return [
      {
        severity: "error",
        path: ["dns_zone"],
        value: spec.dns_zone,
        message: `makes the cluster's DNS name ${cut(name, 60)} ${name.length} characters long; DNS allows ${limits.dnsName}`,
        fix: `shorten dns_zone or cluster_name by ${name.length - limits.dnsName} characters`,
      },
    ];
  },
  preconditions: () => ({
    chuckyNetwork: [
      {
        condition: lab`length("${longestPrefix}${dnsName}") <= ${limits.dnsName}`,
        message: lab`The cluster's DNS name ${longestPrefix}${dnsName} must be at most ${limits.dnsName} characters long: shorten dns_zone or cluster_name.`,
      },
    ],
  }),
};
