// The address families: given a stack and IPv6 keys, want the rule's findings: the IPv6 keys only with IPv6, and a
// warning for IPv6 alone.
import { ipStackRule } from "../../../generator/rules/ip-stack";
import { expectFindings, specOf, table } from "./rule-table";

describe(ipStackRule.id, () => {
  test.each(
    table([
      [{}, []],
      [{ ip_stack: "v4v6", chucky_net_addr_v6: "fd00:31::/64", api_vip_v6: "fd00:31::64" }, []],
      [{ ip_stack: "v6v4" }, []],
      [
        { ip_stack: "v6" },
        [["warning", "ip_stack", "the nodes have IPv6 only", "mirror the release into a registry the lab reaches"]],
      ],
      [
        { chucky_net_addr_v6: "fd00:31::/64", ingress_vip_v6: "fd00:31::6e" },
        [
          ["error", "chucky_net_addr_v6", "is an IPv6 setting, but ip_stack is v4", 'set ip_stack to "v6"'],
          ["error", "ingress_vip_v6", "is an IPv6 setting, but ip_stack is v4", 'set ip_stack to "v6"'],
        ],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(ipStackRule.check(specOf(given)), want);
  });
});
