// Every derived address lies inside its network, is neither its network nor its broadcast address, and no two
// coincide; the provision VM's provisioning address stays out of the installer's DHCP range.
import { isUsableHost, parseCidr, parseIpv4, type Ipv4Network } from "../ipv4";
import type { Finding } from "../findings";
import type { Cluster } from "../model";
import type { Rule } from "./rule";

export const addressesRule: Rule<Cluster> = {
  id: "addresses",
  summary:
    "Every derived address (gateway, support, provision, API VIP, ingress VIP, the provision VM's provisioning address, the DHCP range) lies inside its network, is not its network or broadcast address, and differs from the others; the provision VM's provisioning address is outside the DHCP range.",
  notInTerraform: "it follows from `network-size`, which Terraform enforces",
  check: ({ addresses: a, spec }) => {
    // Both networks, as the outputs compute the provisioning addresses for redfish too.
    const chucky = parseCidr(spec.chucky_net_addr)!;
    const provisioning = parseCidr(spec.provision_net_addr)!;
    const derived: [string, string, Ipv4Network, "chucky_net_addr" | "provision_net_addr"][] = [
      ["the chucky gateway", a.chuckyGateway, chucky, "chucky_net_addr"],
      ["the support VM", a.supportHost, chucky, "chucky_net_addr"],
      ["the provision VM", a.provisionHost, chucky, "chucky_net_addr"],
      ["the API VIP", a.apiVip, chucky, "chucky_net_addr"],
      ["the ingress VIP", a.ingressVip, chucky, "chucky_net_addr"],
      ["the provision VM's provisioning address", a.provisionIronic, provisioning, "provision_net_addr"],
      ["the start of the provisioning DHCP range", a.provisioningDhcpStart, provisioning, "provision_net_addr"],
      ["the end of the provisioning DHCP range", a.provisioningDhcpEnd, provisioning, "provision_net_addr"],
    ];
    const findings: Finding[] = [];
    const seen = new Map<string, string>();
    for (const [what, address, net, key] of derived) {
      if (!isUsableHost(net, address)) {
        findings.push({
          severity: "error",
          path: [key],
          value: spec[key],
          message: `${what} (${address}) is not a usable host address of ${spec[key]}`,
        });
      }
      // Per network: with redfish the provisioning network is never built, so its addresses may repeat chucky's.
      const other = seen.get(`${key} ${address}`);
      if (other)
        findings.push({
          severity: "error",
          path: [key],
          value: spec[key],
          message: `${what} and ${other} are both ${address}`,
        });
      seen.set(`${key} ${address}`, what);
    }
    const ironic = parseIpv4(a.provisionIronic)!;
    if (ironic >= parseIpv4(a.provisioningDhcpStart)! && ironic <= parseIpv4(a.provisioningDhcpEnd)!) {
      findings.push({
        severity: "error",
        path: ["provision_net_addr"],
        value: spec.provision_net_addr,
        message: `the provision VM's provisioning address ${a.provisionIronic} lies in the DHCP range ${a.provisioningDhcpStart}-${a.provisioningDhcpEnd}`,
      });
    }
    return findings;
  },
};
