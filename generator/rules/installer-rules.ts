// The install-config.yaml gen-infra writes passes the OpenShift installer's own validation (generator/installer/,
// held against the installer's test cases), for the spec's OpenShift version. The model makes most of those rules
// hold by construction; this rule is what proves it, before anyone waits for an installer.
import type { Cluster } from "../model/model";
import { buildInventory } from "../artefacts/inventory";
import { buildInstallConfig } from "../artefacts/install-config";
import { dayTwoHosts } from "../artefacts/baremetal-hosts";
import { formatFieldError, hostCountErrors, installerErrors, type FieldError } from "../installer";
import type { Finding } from "../findings";
import type { Rule } from "./rule";

export const installerRule: Rule<Cluster> = {
  id: "installer-rules",
  summary:
    "`install-config.yaml` passes the installer's own rules for the spec's `ocp_version`: the networks (each family in each list of a dual-stack cluster, no overlaps, none with OVN-Kubernetes' own subnets, the cluster network's hostPrefix), VIPs in the machine network, distinct and of the networks' primary family, host names, boot MACs and BMC addresses unique, host names DNS subdomains, the provisioning CIDR and DHCP range, a disabled provisioning network only with virtual-media BMCs, boot mode and root device, bridges that exist on the provision VM.",
  notInTerraform: "install-config.yaml is not read by Terraform; the rules it follows are the model's, checked here",
  check: (cluster) => {
    const inventory = buildInventory(cluster);
    const { ocpMinor, verifyBmcCertificate } = cluster;
    const config = buildInstallConfig(inventory, ocpMinor, verifyBmcCertificate);
    // The day-2 workers join the same cluster later: checked as its hosts, they must be as valid and as unique.
    const withDayTwo = {
      ...config,
      platform: {
        baremetal: {
          ...config.platform.baremetal,
          hosts: [...config.platform.baremetal.hosts, ...dayTwoHosts(inventory, ocpMinor, verifyBmcCertificate)],
        },
      },
    };
    const refused =
      (file: string) =>
      (error: FieldError): Finding => ({
        severity: "error",
        path: [],
        value: undefined,
        message: `the installer would refuse ${file}: ${formatFieldError(error)}`,
        fix: "this is a defect in gen-infra's model: please report it with the spec",
      });
    const installConfigErrors = [...installerErrors(config, ocpMinor), ...hostCountErrors(config, ocpMinor)];
    const seen = new Set(installConfigErrors.map(formatFieldError));
    return [
      ...installConfigErrors.map(refused("install-config.yaml")),
      ...installerErrors(withDayTwo, ocpMinor)
        .filter((error) => !seen.has(formatFieldError(error)))
        .map(refused("extra-workers.yaml with install-config.yaml")),
    ];
  },
};
