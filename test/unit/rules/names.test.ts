// Names on the hypervisor and in DNS: given a prefix or the cluster's name and zone, want each rule's findings. A
// libvirt name given twice cannot come from a spec today (the roles' names differ), so that row alters the model.
import type { Cluster } from "../../../generator/model/model";
import { dnsNameLengthRule, namesRule } from "../../../generator/rules/names";
import { ByHand, clusterOf, expectFindings, table, type Given } from "./rule-table";

const repeatFirstMaster = (cluster: Cluster): Cluster => ({
  ...cluster,
  nodes: [...cluster.nodes, { ...cluster.nodes[2]! }],
});

describe(namesRule.id, () => {
  test.each(
    table<Given | ByHand>([
      [{}, []],
      [{ name_prefix: "lab1-" }, []],
      // Without a provisioning network there is no provision bridge: abcdefghichucky, 15 characters, is the longest.
      [{ architecture: "redfish", name_prefix: "abcdefghi" }, []],
      [
        { name_prefix: "abcdefghi-" },
        [
          [
            "error",
            "name_prefix",
            "makes the bridge name abcdefghi-chucky 16 characters long; Linux allows 15",
            "at most 9 characters",
          ],
          [
            "error",
            "name_prefix",
            "makes the bridge name abcdefghi-provision 19 characters long",
            "at most 6 characters",
          ],
        ],
      ],
      [
        new ByHand({ name_prefix: "lab1-" }, "the first master twice", repeatFirstMaster),
        [
          ["error", "name_prefix", "gives two libvirt domains the name lab1-bmipi-master0"],
          ["error", "name_prefix", "gives two libvirt volumes the name lab1-master0.qcow2"],
        ],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(namesRule.check(clusterOf(given)), want);
  });
});

// api-int.<cluster_name>.<dns_zone>: with a 63-character cluster name, a zone of 181 characters makes the 253 DNS
// allows.
const label = (letter: string, length = 63) => letter.repeat(length);
const longName = { cluster_name: label("c") };

describe(dnsNameLengthRule.id, () => {
  test.each(
    table([
      [{}, []],
      [{ ...longName, dns_zone: `${label("a")}.${label("b")}.${label("d", 53)}` }, []],
      [
        { ...longName, dns_zone: `${label("a")}.${label("b")}.${label("d", 54)}` },
        [["error", "dns_zone", "254 characters long; DNS allows 253", "by 1 characters"]],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(dnsNameLengthRule.check(clusterOf(given)), want);
  });
});
