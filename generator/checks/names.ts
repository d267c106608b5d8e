// libvirt object names must be unique per kind on the hypervisor, and Linux limits bridge (interface) names to
// 15 characters.
import type { Finding } from "../findings";
import type { Cluster } from "../model";
import type { Rule } from "./rule";

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
      const repeated = names.filter((name, i) => names.indexOf(name) !== i);
      for (const name of new Set(repeated)) {
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
