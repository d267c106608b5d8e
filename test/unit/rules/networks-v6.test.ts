// The IPv6 prefixes' rules, one table each: given a spec, want the rule's findings. They run before the model is
// built, over the spec alone. Each canonical form here is the one Terraform's cidrsubnet(v, 0, 0) prints (checked
// with Terraform in test/terraform/terraform-rules.test.ts).
import { networkCanonicalRule, networkSizeV6Rule } from "../../../generator/rules/networks-v6";
import { expectFindings, specOf, table } from "./rule-table";

const canonical = "must be an IPv6 network written as Terraform writes it";

describe(networkCanonicalRule.id, () => {
  test.each(
    table([
      [{}, []],
      [{ ip_stack: "v6" }, []],
      [
        {
          ip_stack: "v6v4",
          chucky_net_addr_v6: "fd00:0:0:1::/64",
          provision_net_addr_v6: "fd00:1:0:0:1::/80",
          cluster_network_v6: "fd01::/48",
          service_network_v6: "fd02::/112",
        },
        [],
      ],
      // A lone zero group is written out; the longest run is compressed, the first of two equal runs.
      [
        { ip_stack: "v4v6", chucky_net_addr_v6: "fd00:30:0::/64" },
        [["error", "chucky_net_addr_v6", canonical, "write fd00:30::/64"]],
      ],
      [
        { ip_stack: "v6", provision_net_addr_v6: "fd00:0:1:0:0:1::/96" },
        [["error", "provision_net_addr_v6", canonical, "write fd00:0:1::1:0:0/96"]],
      ],
      [
        { ip_stack: "v6", chucky_net_addr_v6: "fd00:030::/64" },
        [["error", "chucky_net_addr_v6", canonical, "write fd00:30::/64"]],
      ],
      // Host bits.
      [
        { ip_stack: "v6", cluster_network_v6: "fd01::5/48", service_network_v6: "fd02::1/112" },
        [
          ["error", "cluster_network_v6", canonical, "write fd01::/48"],
          ["error", "service_network_v6", canonical, "write fd02::/112"],
        ],
      ],
      // The shape passes the schema, but it is no address; and an IPv4-mapped network Terraform prints as IPv4.
      [
        { ip_stack: "v6", chucky_net_addr_v6: "fd00:::/64", provision_net_addr_v6: "::ffff:0:0/96" },
        [
          ["error", "chucky_net_addr_v6", canonical, "write an IPv6 network such as fd00:30::/64"],
          ["error", "provision_net_addr_v6", canonical, "write an IPv6 network such as fd00:14::/64"],
        ],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(networkCanonicalRule.check(specOf(given)), want);
  });
});

describe(networkSizeV6Rule.id, () => {
  test.each(
    table([
      [{}, []],
      [{ ip_stack: "v6" }, []],
      // The ingress VIP is host 110 and the provisioning DHCP range ends at host 100: a /121 holds both.
      [{ ip_stack: "v6", chucky_net_addr_v6: "fd00:30::/121", provision_net_addr_v6: "fd00:14::/121" }, []],
      [
        { ip_stack: "v6v4", chucky_net_addr_v6: "fd00:30::/122", provision_net_addr_v6: "fd00:14::/125" },
        [
          [
            "error",
            "chucky_net_addr_v6",
            "is too small: the ingress VIP is host 110, which needs a /121 or larger network",
            "at most 121",
          ],
          ["error", "provision_net_addr_v6", "the end of the provisioning DHCP range is host 100", "at most 121"],
        ],
      ],
      // v4v6 keeps the provisioning network IPv4: its IPv6 prefix addresses nothing.
      [
        { ip_stack: "v4v6", chucky_net_addr_v6: "fd00:30::/122", provision_net_addr_v6: "fd00:14::/125" },
        [["error", "chucky_net_addr_v6", "the ingress VIP is host 110"]],
      ],
      // The canonical-form rule speaks for a prefix that is none.
      [{ ip_stack: "v6", chucky_net_addr_v6: "fd00:::/126" }, []],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(networkSizeV6Rule.check(specOf(given)), want);
  });
});
