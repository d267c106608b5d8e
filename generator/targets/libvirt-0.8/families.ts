// What the lab's address families change in libvirt.tf: each network's addresses, the IPv6 plan's locals, and the
// values the support and provision VMs' network configurations are rendered with. A cluster of IPv4 alone gets
// exactly the IPv4 configuration.
import type { Cluster } from "../../model/model";
import { hclAttributes } from "../../syntax/hcl";
import { local } from "./locals";
import { addressLocalsV6, networkVariables, networkVariablesV6 } from "./plans";
import { workerVmsHcl } from "./roles";

/** Where the lab has IPv6, and whether the provisioning network is IPv6 (its one family, the primary). */
export interface FamiliesHcl {
  readonly ipv6: boolean;
  readonly provisioningV6: boolean;
}

export const familiesHcl = (cluster: Cluster): FamiliesHcl => ({
  ipv6: cluster.families.includes(6),
  provisioningV6: cluster.installer === "ipi" && cluster.families.includes(6) && cluster.provisioningFamily === 6,
});

/** The local holding the XSLT that turns libvirt's DNS off on the IPv6 networks, by name and as a reference. */
export const dnsOffXslt = { name: "dns_off_xslt", ref: local("dns_off_xslt") } as const;

/** Each network's `addresses`: chucky keeps IPv4 in every stack; the provisioning network has one family. */
export function networkAddressesHcl({ ipv6, provisioningV6 }: FamiliesHcl) {
  return {
    chucky: `[${[networkVariables.chucky, ...(ipv6 ? [networkVariablesV6.chucky] : [])].join(", ")}]`,
    provision: `[${provisioningV6 ? networkVariablesV6.provision : networkVariables.provision}]`,
  };
}

/** The IPv6 plan's locals, or none. */
export function ipv6Locals(cluster: Cluster, families: FamiliesHcl): string | undefined {
  if (!families.ipv6 || !cluster.addressesV6) return undefined;
  const { spec } = cluster;
  return addressLocalsV6(workerVmsHcl(cluster), {
    provisioning: families.provisioningV6,
    provisionVm: cluster.installer === "ipi",
    fixed: {
      ...(spec.api_vip_v6 === undefined ? {} : { apiVip: spec.api_vip_v6 }),
      ...(spec.ingress_vip_v6 === undefined ? {} : { ingressVip: spec.ingress_vip_v6 }),
    },
  });
}

/** An address with its network's prefix length, as cloud-init takes a static address. */
const withPrefix = (address: string, prefix: string) => `"\${${address}}/\${${prefix}}"`;

type Arguments = [string, string][];

/**
 * The provision VM's network configuration values: its provisioning bridge's address in the provisioning network's
 * family; on chucky its static address, the gateway and the support VM as name server, in each family the lab has.
 */
export function provisionConfigArguments(cluster: Cluster, { ipv6, provisioningV6 }: FamiliesHcl): string {
  const ironic = provisioningV6
    ? withPrefix(local("provision_ironic_ip_v6"), local("provision_prefix_v6"))
    : withPrefix(local("provision_ironic_ip"), local("provision_prefix"));
  const v6: Arguments = [
    ["provision_host_ip_v6", withPrefix(local("provision_host_ip_v6"), local("chucky_prefix_v6"))],
    ["gateway_v6", local("chucky_gateway_v6")],
    ["nameserver_v6", local("support_host_ip_v6")],
  ];
  return hclAttributes(
    [
      cluster.options.management ? ["provisioning", local("provisioning")] : ["architecture", "var.architecture"],
      ["ironiq_addr", ironic],
      ["chucky_mac", "var.provision_mac"],
      ["provision_host_ip", withPrefix(local("provision_host_ip"), local("chucky_prefix"))],
      ["gateway", local("chucky_gateway")],
      ["nameserver", local("support_host_ip")],
      ...(ipv6 ? v6 : []),
    ],
    "    ",
  );
}

/** The support VM's: its static address and the gateway in each family; itself as IPv6 name server. */
export function supportConfigArguments({ ipv6 }: FamiliesHcl): string {
  const v6: Arguments = [
    ["address_v6", withPrefix(local("support_host_ip_v6"), local("chucky_prefix_v6"))],
    ["gateway_v6", local("chucky_gateway_v6")],
    ["nameserver_v6", local("support_host_ip_v6")],
  ];
  return hclAttributes(
    [
      ["address", withPrefix(local("support_host_ip"), local("chucky_prefix"))],
      ["gateway", local("chucky_gateway")],
      ["nameserver", "var.support_net_config_nameserver"],
      ...(ipv6 ? v6 : []),
    ],
    "    ",
  );
}
