// Every fixed MAC in the cluster is distinct. A collision names both NICs, so the user can see which bases meet.
import type { Finding } from "../findings";
import type { Cluster, Nic, Node } from "../model";

const describeNic = (node: Node, nic: Nic) => `${node.name} ${nic.purpose} NIC on ${nic.network}`;

/** The spec key whose value produced this NIC's MAC. */
function macKey(node: Node, nic: Nic): string {
  if (node.role === "provision") return "provision_mac";
  const network = nic.network === "provision" ? "provision" : "chucky";
  return `${node.role}_${network}_mac_base`;
}

export function checkMacs(cluster: Cluster): Finding[] {
  const seen = new Map<string, { node: Node; nic: Nic }>();
  const findings: Finding[] = [];
  for (const node of cluster.nodes) {
    for (const nic of node.nics) {
      if (!nic.mac) continue;
      const first = seen.get(nic.mac);
      if (!first) {
        seen.set(nic.mac, { node, nic });
        continue;
      }
      const key = macKey(node, nic);
      findings.push({
        severity: "error",
        path: [key],
        value: cluster.spec[key as keyof typeof cluster.spec],
        message: `MAC ${nic.mac} of ${describeNic(node, nic)} is also the MAC of ${describeNic(first.node, first.nic)}`,
        fix: `choose ${key} and ${macKey(first.node, first.nic)} so that their ranges do not meet`,
      });
    }
  }
  return findings;
}
