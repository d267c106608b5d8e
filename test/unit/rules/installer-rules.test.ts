// The installer rule: given a lab, want no finding when the installer takes the install-config.yaml (and the day-2
// workers' hosts, or the agent-based installer's files) gen-infra writes for it, and the installer's own words when
// it would not. The model keeps those
// rules by construction, so a rejecting row alters the model by hand.
import { installerRule } from "../../../generator/rules/installer-rules";
import type { Cluster, Node } from "../../../generator/model/model";
import { ByHand, clusterOf, expectFindings, table, type Given } from "./rule-table";

/** The cluster with one node changed: the first of `role` at `index`. */
const changingNode =
  (role: Node["role"], index: number, change: (node: Node, cluster: Cluster) => Partial<Node>) =>
  (cluster: Cluster): Cluster => ({
    ...cluster,
    nodes: cluster.nodes.map((node) =>
      node.role === role && node.index === index ? { ...node, ...change(node, cluster) } : node,
    ),
  });

const firstWorker = (cluster: Cluster): Node => cluster.nodes.find((n) => n.role === "worker" && n.index === 0)!;

describe(installerRule.id, () => {
  test.each(
    table<Given | ByHand>([
      [{}, []],
      [{ ocp_version: "4.20.0", arbiter: { memory: 8192, vcpu: 2 } }, []],
      [{ ocp_version: "4.20.0", provisioning_network: "Disabled", number_of_workers: 0 }, []],
      [{ ocp_version: "4.20.0", number_of_workers: 2, extra_workers: 1 }, []],
      // Two masters with fencing, release by release: the credentials, certificateVerification from 4.20, the
      // TechPreviewNoUpgrade feature set before 4.22 and Redfish addresses with a port from 4.22.
      ...["4.19.0", "4.20.0", "4.21.0", "4.22.0"].map((ocp_version): [Given, []] => [
        { ocp_version, control_plane: "two-node-fencing", architecture: "redfish", number_of_workers: 1 },
        [],
      ]),
      [
        {
          ocp_version: "4.22.0",
          control_plane: "two-node-fencing",
          provisioning_network: "Managed",
          bmc_driver: "redfish",
          bmc: { redfish_scheme: "redfish+http", redfish_verify_certificate: true },
          ip_stack: "v6v4",
        },
        [],
      ],
      [
        new ByHand(
          { ocp_version: "4.22.0", control_plane: "two-node-fencing", architecture: "redfish" },
          "master1's BMC behind IPMI",
          changingNode("master", 1, () => ({ bmcAddress: "ipmi://192.168.30.1:7001" })),
        ),
        [
          ["error", "(spec)", "fencing only supports redfish-compatible BMC addresses, IPMI is not supported"],
          [
            "error",
            "(spec)",
            'hosts[1].bmc: Invalid value: "ipmi://192.168.30.1:7001": driver ipmi requires provisioning network',
          ],
        ],
      ],
      // The spec's own networks against the installer's: the finding names the key that chose the network.
      [
        { chucky_net_addr: "10.128.0.0/23" },
        [
          [
            "error",
            "chucky_net_addr",
            'networking.clusterNetwork[0].cidr: Invalid value: "10.128.0.0/14": cluster network must not overlap with any of the machine networks',
            "choose another chucky_net_addr, outside 10.128.0.0/14 (the installer's cluster network) and 172.30.0.0/16",
          ],
        ],
      ],
      [
        { ocp_version: "4.19.2", chucky_net_addr: "100.64.1.0/24" },
        [["error", "chucky_net_addr", "must not overlap with OVNKubernetes default internal subnet 100.64.0.0/16"]],
      ],
      [
        { ocp_version: "4.19.2", ip_stack: "v6", cluster_network_v6: "fd98::/48" },
        [
          [
            "error",
            "cluster_network_v6",
            "must not overlap with OVNKubernetes default internal subnet fd98::/64",
            "choose another cluster_network_v6",
          ],
        ],
      ],
      [
        { ocp_version: "4.19.2", ip_stack: "v6v4", chucky_net_addr_v6: "fd69::/112" },
        [["error", "chucky_net_addr_v6", "must not overlap with OVNKubernetes default masquerade subnet fd69::/112"]],
      ],
      // The agent-based installer's install-config.yaml: its networks and VIPs by the same rules; the provisioning
      // network and the bridges, which it ignores, by none (172.22.0.0/24 is the IPI provisioning network's default).
      [{ installer: "agent", ocp_version: "4.18.4" }, []],
      [{ installer: "agent", ocp_version: "4.18.4", chucky_net_addr: "172.22.0.0/24" }, []],
      [
        {
          installer: "agent",
          ocp_version: "4.18.4",
          number_of_masters: 1,
          number_of_workers: 0,
          agent: { platform: "none" },
        },
        [],
      ],
      [{ installer: "agent", ocp_version: "4.18.4", ip_stack: "v6v4", bonding_nic: true, number_of_workers: 1 }, []],
      [
        { installer: "agent", ocp_version: "4.18.4", chucky_net_addr: "10.128.0.0/23" },
        [["error", "chucky_net_addr", "refuse install-config.yaml: networking.clusterNetwork[0].cidr: Invalid value"]],
      ],
      [
        new ByHand({ installer: "agent", ocp_version: "4.18.4" }, "the API VIP off chucky", (cluster) => ({
          ...cluster,
          addresses: { ...cluster.addresses, apiVip: "10.0.0.5" },
        })),
        [
          [
            "error",
            "(spec)",
            'refuse install-config.yaml: platform.baremetal.apiVIPs: Invalid value: "10.0.0.5": IP expected to be in one of the machine networks',
          ],
        ],
      ],
      [
        new ByHand(
          { ocp_version: "4.20.0", number_of_workers: 2 },
          "the second worker named as the first",
          changingNode("worker", 1, (_node, cluster) => ({ name: firstWorker(cluster).name })),
        ),
        [
          [
            "error",
            "(spec)",
            'refuse install-config.yaml: platform.baremetal.hosts[4].name: Duplicate value: "bmipi-worker0"',
          ],
        ],
      ],
      [
        new ByHand(
          { ocp_version: "4.20.0", number_of_workers: 1, extra_workers: 1 },
          "the day-2 worker named as the installed one",
          changingNode("worker", 1, (_node, cluster) => ({ name: firstWorker(cluster).name })),
        ),
        [
          [
            "error",
            "(spec)",
            "refuse extra-workers.yaml with install-config.yaml: platform.baremetal.hosts[4].name: Duplicate",
          ],
        ],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(installerRule.check(clusterOf(given)), want);
  });
});
