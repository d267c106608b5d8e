// The address plan against its networks: given a worker count and a network, want the rule's findings. Coinciding
// addresses and an address in a DHCP range cannot come from a spec today (the fixed host numbers keep them apart),
// so those rows alter the model.
import type { Cluster } from "../../../generator/model/model";
import { addressesRule } from "../../../generator/rules/addresses";
import { ByHand, clusterOf, expectFindings, table, type Given } from "./rule-table";

const misplaced = (cluster: Cluster): Cluster => ({
  ...cluster,
  addresses: {
    ...cluster.addresses,
    apiVip: "192.168.30.255",
    ingressVip: "10.0.0.1",
    supportHost: cluster.addresses.chuckyGateway,
    provisionIronic: "192.168.14.50",
  },
});

const fewerWorkers = "use a larger chucky_net_addr (a /24 holds 128 workers) or build fewer workers";

describe(addressesRule.id, () => {
  test.each(
    table<Given | ByHand>([
      [{}, []],
      [{ number_of_workers: 49, chucky_net_addr: "192.168.30.0/24" }, []],
      [{ number_of_workers: 81, chucky_net_addr: "192.168.30.0/24" }, []],
      [{ number_of_workers: 128, chucky_net_addr: "192.168.30.0/24" }, []],
      [{ number_of_workers: 66, chucky_net_addr: "192.168.30.0/25" }, []],
      // The VIPs come after the workers: past 66 workers on a /25 the ingress VIP is the first that does not fit.
      [
        { number_of_workers: 67, chucky_net_addr: "192.168.30.0/25" },
        [
          [
            "error",
            "chucky_net_addr",
            "the ingress VIP would be 192.168.30.127, which is not a usable host address of 192.168.30.0/25",
            fewerWorkers,
          ],
        ],
      ],
      [
        { number_of_workers: 100, chucky_net_addr: "192.168.30.0/25" },
        [
          [
            "error",
            "chucky_net_addr",
            "bmipi-worker97 would be 192.168.30.127, which is not a usable host address of 192.168.30.0/25",
            fewerWorkers,
          ],
        ],
      ],
      // Outside the network (only the first is named), coinciding, and in a DHCP range.
      [
        new ByHand({}, "the VIPs, the support VM and the provisioning address moved", misplaced),
        [
          [
            "error",
            "chucky_net_addr",
            "the API VIP would be 192.168.30.255, which is not a usable host address of 192.168.30.0/24",
          ],
          ["error", "chucky_net_addr", "the support VM and the chucky gateway are both 192.168.30.1"],
          [
            "error",
            "provision_net_addr",
            "the provision VM's provisioning address (192.168.14.50) lies in the DHCP range 192.168.14.20-192.168.14.100",
          ],
        ],
      ],
      // IPv6: the same host numbers in the IPv6 prefix. A /120 holds 128 workers as a /24 does; on a /122 the DHCP
      // range is the first that does not fit.
      [{ ip_stack: "v4v6", number_of_workers: 128, chucky_net_addr_v6: "fd00:30::/120" }, []],
      [{ ip_stack: "v6", chucky_net_addr_v6: "fd00:30::/121" }, []],
      [
        { ip_stack: "v6", chucky_net_addr_v6: "fd00:30::/122" },
        [
          [
            "error",
            "chucky_net_addr_v6",
            "the start of the support VM's DHCP range would be fd00:30::50, which is not a usable host address of fd00:30::/122",
            "use a larger chucky_net_addr_v6 (a /120 holds 128 workers) or build fewer workers",
          ],
        ],
      ],
      // A VIP the spec gives: inside chucky's IPv6 prefix, on no node and outside the DHCP range.
      [{ ip_stack: "v6v4", api_vip_v6: "fd00:30::99", ingress_vip_v6: "fd00:30::9a" }, []],
      [
        { ip_stack: "v6v4", api_vip_v6: "fd00:30::14" },
        [
          [
            "error",
            "api_vip_v6",
            "the API VIP and bmipi-master0 are both fd00:30::14",
            "give an address of chucky_net_addr_v6",
          ],
        ],
      ],
      [
        { ip_stack: "v4v6", ingress_vip_v6: "fd00:99::6e" },
        [
          [
            "error",
            "ingress_vip_v6",
            "the ingress VIP would be fd00:99::6e, which is not a usable host address of fd00:30::/64",
            "give an address of chucky_net_addr_v6",
          ],
        ],
      ],
      [
        { ip_stack: "v4v6", api_vip_v6: "fd00:30::51" },
        [["error", "api_vip_v6", "the API VIP (fd00:30::51) lies in the DHCP range fd00:30::50-fd00:30::63"]],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(addressesRule.check(clusterOf(given)), want);
  });
});
