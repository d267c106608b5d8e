// The address families: the IPv6 keys mean something only where the stack has IPv6, and a cluster of IPv6 only
// cannot reach public registries from this lab (libvirt routes IPv6 but does not NAT it, and the prefixes are
// unique local addresses), so its images must come from a mirror registry the user provides.
import type { Finding } from "../findings";
import { ipFields, type Spec } from "../input/spec";
import type { Rule } from "./rule";

/** The spec's IPv6 keys: every key of the address families but the stack itself. */
const ipv6Keys = Object.keys(ipFields).filter((key): key is Exclude<keyof typeof ipFields, "ip_stack"> =>
  key !== "ip_stack",
);

export const ipStackRule: Rule<Spec> = {
  id: "ip-stack",
  summary:
    "The IPv6 keys (`chucky_net_addr_v6`, `provision_net_addr_v6`, `cluster_network_v6`, `service_network_v6`, `api_vip_v6`, `ingress_vip_v6`) are given only with an `ip_stack` that has IPv6; `ip_stack` `v6` is a warning: the lab has no IPv6 path to public registries, so images must come from a mirror registry.",
  check: (spec) => {
    if (spec.ip_stack === "v4")
      return ipv6Keys
        .filter((key) => spec[key] !== undefined)
        .map(
          (key): Finding => ({
            severity: "error",
            path: [key],
            value: spec[key],
            message: "is an IPv6 setting, but ip_stack is v4 (IPv4 only)",
            fix: 'set ip_stack to "v6", "v4v6" or "v6v4", or leave the key out',
          }),
        );
    if (spec.ip_stack === "v6")
      return [
        {
          severity: "warning",
          path: ["ip_stack"],
          value: "v6",
          message:
            "the nodes have IPv6 only, and the hypervisor routes IPv6 without NAT: with unique local prefixes they cannot pull images from public registries",
          fix: 'mirror the release into a registry the lab reaches (imageContentSources or imageDigestSources in install-config.yaml), or use "v4v6" or "v6v4", which pull over IPv4',
        },
      ];
    return [];
  },
  notInTerraform: "the stack is a literal of the generated files, not a variable",
};
