// bmc.ca_file: a CA the installer verifies the Redfish emulator's certificate with. Giving one means verifying, so
// it goes only where there is a Redfish BMC to verify and an installer that takes the CA, and the file holds
// certificates alone.
import type { Finding } from "../findings";
import { caBundleProblem } from "../input/ca-bundle";
import { managementOf } from "../input/management";
import type { Cluster } from "../model/model";
import { releaseOf, releaseHas, releases, releaseName } from "../releases";
import type { GivenSpec } from "./agent";
import type { Rule } from "./rule";

const caPath = ["bmc", "ca_file"];
const notInTerraform =
  "bmc.ca_file is read by gen-infra and written into install-config.yaml, which Terraform does not read";

export const bmcCaVerificationRule: Rule<GivenSpec> = {
  id: "bmc-ca-verification",
  summary: `\`bmc.ca_file\` means verifying the Redfish emulator's certificate: it is refused with \`bmc.redfish_verify_certificate\` given as false, with the ipmi driver (vbmc has no TLS), with \`installer\` \`agent\` (its lab has no BMCs), and on an \`ocp_version\` before ${releaseName(releases.bmcVerifyCA.since)}, whose installer has no \`bmcVerifyCA\`.`,
  check: ({ spec, given }) => {
    const file = spec.bmc.ca_file;
    if (file === undefined) return [];
    const refuse = (message: string, fix: string, path = caPath, value: unknown = file): Finding => ({
      severity: "error",
      path,
      value,
      message,
      fix,
    });
    const release = releaseOf(spec.ocp_version);
    const findings: Finding[] = [];
    if (given.has("bmc.redfish_verify_certificate") && !spec.bmc.redfish_verify_certificate)
      findings.push(
        refuse(
          "is false, but bmc.ca_file gives a CA to verify the Redfish emulator's certificate with",
          "leave redfish_verify_certificate out (ca_file implies true), or leave ca_file out",
          ["bmc", "redfish_verify_certificate"],
          false,
        ),
      );
    if (spec.installer === "agent")
      findings.push(
        refuse(
          "means nothing with installer agent: the agent-based installer drives no BMC",
          'leave ca_file out, or use installer "ipi"',
        ),
      );
    else if (managementOf(spec).bmcDriver === "ipmi")
      findings.push(
        refuse(
          "is for Redfish BMCs, but the BMC driver is ipmi (vbmc), which has no TLS",
          'use a Redfish driver (architecture "redfish", or bmc_driver "redfish" or "redfish-virtualmedia"), or leave ca_file out',
        ),
      );
    if (!releaseHas(release, releases.bmcVerifyCA))
      findings.push(
        refuse(
          `needs OpenShift ${releaseName(releases.bmcVerifyCA.since)} or later, whose installer takes platform.baremetal.bmcVerifyCA; ocp_version is ${spec.ocp_version}`,
          `set ocp_version to ${releaseName(releases.bmcVerifyCA.since)} or later, or leave ca_file out (the certificate is then not verified)`,
        ),
      );
    return findings;
  },
  notInTerraform,
};

export const bmcCaFileRule: Rule<Cluster> = {
  id: "bmc-ca-file",
  summary:
    "The file `bmc.ca_file` names holds PEM `CERTIFICATE` blocks and nothing else (each parses as an X.509 certificate, which the spec file's reading checks): a `PRIVATE KEY` block is refused, since the file is written into install-config.yaml.",
  check: ({ bmcCa }) => {
    if (bmcCa === undefined) return [];
    const refuse = (message: string, fix: string): Finding[] => [
      { severity: "error", path: caPath, value: bmcCa.file, message, fix },
    ];
    if (bmcCa.pem === undefined)
      return refuse(
        "was not read: gen-infra compiles the file's text, which the CLI reads",
        "run gen-infra on the spec file",
      );
    const bundle = caBundleProblem(bmcCa.pem);
    return bundle ? refuse(bundle.problem, bundle.fix) : [];
  },
  notInTerraform,
};
