// The install-config.yaml gen-infra writes passes the OpenShift installer's own validation (generator/
// installer-rules.ts, held against the installer's test cases), for the spec's OpenShift version. The model makes
// most of those rules hold by construction; this rule is what proves it, before anyone waits for an installer.
import type { Cluster } from "../model/model";
import { buildInventory } from "../artefacts/inventory";
import { buildInstallConfig } from "../artefacts/install-config";
import { formatFinding, installerFindings } from "../artefacts/installer-validation";
import type { Rule } from "./rule";

export const installerRule: Rule<Cluster> = {
  id: "installer-rules",
  summary:
    "`install-config.yaml` passes the installer's own rules for the spec's `ocp_version`: VIPs in the machine network and distinct, host names, boot MACs and BMC addresses unique, host names DNS subdomains, the provisioning CIDR and DHCP range, a disabled provisioning network only with virtual-media BMCs, boot mode and root device, bridges that exist on the provision VM.",
  notInTerraform: "install-config.yaml is not read by Terraform; the rules it follows are the model's, checked here",
  check: (cluster) =>
    installerFindings(
      buildInstallConfig(buildInventory(cluster), cluster.ocpMinor, cluster.verifyBmcCertificate),
      cluster.ocpMinor,
    ).map((finding) => ({
      severity: "error",
      path: [],
      value: undefined,
      message: `the installer would refuse install-config.yaml: ${formatFinding(finding)}`,
      fix: "this is a defect in gen-infra's model: please report it with the spec",
    })),
};
