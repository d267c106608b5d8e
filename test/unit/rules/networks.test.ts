// The network rules, one table each: given a spec, want the rule's findings. They run before the model is built,
// over the spec alone.
import {
  hostBitsRule,
  networkOverlapRule,
  networkReservedRule,
  networkSizeRule,
} from "../../../generator/rules/networks";
import { expectFindings, specOf, table } from "./rule-table";

describe(networkSizeRule.id, () => {
  test.each(
    table([
      [{}, []],
      // The ingress VIP is host 110 and the provisioning DHCP range ends at host 100: a /25 holds both.
      [{ chucky_net_addr: "192.168.30.0/25", provision_net_addr: "172.22.0.0/25" }, []],
      [
        { chucky_net_addr: "192.168.30.0/27", provision_net_addr: "172.22.0.0/28" },
        [
          [
            "error",
            "chucky_net_addr",
            "is too small: the ingress VIP is host 110, which needs a /25 or larger network",
          ],
          ["error", "provision_net_addr", "the end of the provisioning DHCP range is host 100", "at most 25"],
        ],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(networkSizeRule.check(specOf(given)), want);
  });
});

describe(hostBitsRule.id, () => {
  test.each(
    table([
      [{}, []],
      [{ chucky_net_addr: "192.168.30.128/25" }, []],
      [
        { provision_net_addr: "172.22.0.1/24" },
        [["error", "provision_net_addr", "has host bits set", "write 172.22.0.0/24"]],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(hostBitsRule.check(specOf(given)), want);
  });
});

describe(networkReservedRule.id, () => {
  test.each(
    table([
      [{}, []],
      [{ chucky_net_addr: "10.0.0.0/8" }, []],
      [{ provision_net_addr: "169.254.0.0/24" }, [["error", "provision_net_addr", "it overlaps 169.254.0.0/16"]]],
      // 0.0.0.0/0 overlaps every reserved range; the first is named.
      [
        { chucky_net_addr: "0.0.0.0/0", provision_net_addr: "224.0.0.0/24" },
        [
          ["error", "chucky_net_addr", "must not overlap a reserved range (0.0.0.0/8 'this network', 127.0.0.0/8"],
          ["error", "provision_net_addr", "it overlaps 224.0.0.0/3"],
        ],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(networkReservedRule.check(specOf(given)), want);
  });
});

describe(networkOverlapRule.id, () => {
  test.each(
    table([
      [{}, []],
      // Without a provisioning network its address is unused, so it may be anything.
      [{ architecture: "redfish", provision_net_addr: "192.168.30.0/24" }, []],
      // libvirt's default network is taken by default; a hypervisor without it may say so.
      [{ existing_networks: [], chucky_net_addr: "192.168.122.0/24" }, []],
      [
        { chucky_net_addr: "172.22.0.0/24", provision_net_addr: "172.22.0.0/24" },
        [["error", "provision_net_addr", "overlaps chucky_net_addr (172.22.0.0/24): the networks must be disjoint"]],
      ],
      [
        { existing_networks: ["10.0.0.0/8", "192.168.0.0/16"] },
        [
          ["error", "chucky_net_addr", "overlaps existing_networks[1] (192.168.0.0/16)"],
          ["error", "provision_net_addr", "overlaps existing_networks[1] (192.168.0.0/16)"],
        ],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(networkOverlapRule.check(specOf(given)), want);
  });
});
