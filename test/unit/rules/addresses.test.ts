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
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(addressesRule.check(clusterOf(given)), want);
  });
});
