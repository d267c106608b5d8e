// Every fixed MAC in the cluster is distinct. A collision names both NICs, so the user can see which bases meet.
import type { Finding } from "../findings";
import type { Cluster, Nic, Node } from "../model/model";
import type { Rule } from "./rule";
import { lab, the } from "./lab-terms";

const describeNic = (node: Node, nic: Nic) => `${node.name} ${nic.purpose} NIC on ${nic.network}`;

/** The spec key whose value produced this NIC's MAC. */
function macKey(node: Node, nic: Nic): "provision_mac" | `${"master" | "worker"}_${"chucky" | "provision"}_mac_base` {
  if (node.role === "provision" || node.role === "support") return "provision_mac";
  // The arbiter's MACs come from the masters' bases.
  return `${node.role === "worker" ? "worker" : "master"}_${nic.network}_mac_base`;
}

export const macUniqueRule: Rule<Cluster> = {
  id: "mac-unique",
  summary:
    "Every NIC with a fixed MAC has a distinct one: masters, workers, bond ports and the provision VM. With the seed's default bases, worker 112 would get master 0's MAC; a collision names both NICs.",
  check: (cluster) => {
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
          value: cluster.spec[key],
          message: `MAC ${nic.mac} of ${describeNic(node, nic)} is also the MAC of ${describeNic(first.node, first.nic)}`,
          fix: `choose ${key} and ${macKey(first.node, first.nic)} so that their ranges do not meet`,
        });
      }
    }
    return findings;
  },
  preconditions: () => ({
    masters: [
      {
        condition: lab`length(${the.repeatedMacs}) == 0`,
        message: lab`Every NIC needs its own MAC, but \${join(", ", ${the.repeatedMacs})} would be used more than once: choose MAC bases whose ranges do not meet.`,
      },
    ],
  }),
};

const zeroMac = "00:00:00:00:00:00";

export const macNotZeroRule: Rule<Cluster> = {
  id: "mac-not-zero",
  summary:
    "No NIC gets the all-zero MAC `00:00:00:00:00:00`, which is no valid station address (the bases `00:00:00:00:00:` and `00:00:00:00:00:0` give it to node 0).",
  check: (cluster) =>
    cluster.nodes.flatMap((node) =>
      node.nics
        .filter((nic) => nic.mac === zeroMac)
        .map((nic): Finding => {
          const key = macKey(node, nic);
          return {
            severity: "error",
            path: [key],
            value: cluster.spec[key],
            message: `gives ${describeNic(node, nic)} the all-zero MAC ${zeroMac}, which no NIC may have`,
            fix: "start the MAC range elsewhere, for example 52:54:00 (the prefix libvirt uses)",
          };
        }),
    ),
  preconditions: () => ({
    masters: [
      {
        condition: lab`!contains(${the.fixedMacs}, "${zeroMac}")`,
        message: [`No NIC may have the all-zero MAC ${zeroMac}: choose MAC bases that do not produce it.`],
      },
    ],
  }),
};
