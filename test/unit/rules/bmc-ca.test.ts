// bmc.ca_file: given a spec (and the CA file's text), want the rules' errors or none. Giving a CA means verifying
// the Redfish emulator's certificate, on an installer that takes bmcVerifyCA; the file holds certificates alone.
import { readFileSync } from "node:fs";
import path from "node:path";
import { validate } from "../../../generator/input/validate";
import { buildCluster } from "../../../generator/model/model";
import { bmcCaFileRule, bmcCaVerificationRule } from "../../../generator/rules/bmc-ca";
import { fixturesDir } from "../../helpers";
import { expectFindings, specOf, table, type Given } from "./rule-table";

const ca = readFileSync(path.join(fixturesDir, "redfish-ca.pem"), "utf8");
const redfish = { architecture: "redfish", ocp_version: "4.21.0" };
const withCa = (bmc: Record<string, unknown> = {}): Given => ({ ...redfish, bmc: { ca_file: "ca.pem", ...bmc } });
/** A CA with the management keys given, and no architecture. */
const managed = (keys: Given): Given => ({ ocp_version: "4.21.0", bmc: { ca_file: "ca.pem" }, ...keys });

describe(bmcCaVerificationRule.id, () => {
  test.each(
    table<Given>([
      [{}, []],
      [redfish, []],
      [withCa(), []],
      [withCa({ redfish_verify_certificate: true }), []],
      [{ ...withCa(), ocp_version: "4.22.1" }, []],
      [managed({ bmc_driver: "redfish", provisioning_network: "Managed" }), []],
      [
        withCa({ redfish_verify_certificate: false }),
        [["error", "bmc.redfish_verify_certificate", "is false, but bmc.ca_file gives a CA", "ca_file implies true"]],
      ],
      [
        { ...withCa(), architecture: "vbmc" },
        [["error", "bmc.ca_file", "is for Redfish BMCs, but the BMC driver is ipmi (vbmc), which has no TLS"]],
      ],
      [managed({ bmc_driver: "ipmi" }), [["error", "bmc.ca_file", "the BMC driver is ipmi"]]],
      [
        managed({ installer: "agent" }),
        [["error", "bmc.ca_file", "means nothing with installer agent", 'use installer "ipi"']],
      ],
      [
        { ...withCa(), ocp_version: "4.20.9" },
        [["error", "bmc.ca_file", "needs OpenShift 4.21 or later", "set ocp_version to 4.21 or later"]],
      ],
      [
        { ...withCa({ redfish_verify_certificate: false }), architecture: "vbmc", ocp_version: "4.9.5" },
        [
          ["error", "bmc.redfish_verify_certificate", "is false"],
          ["error", "bmc.ca_file", "ipmi"],
          ["error", "bmc.ca_file", "4.21"],
        ],
      ],
    ]),
  )("%s", (_title, given, want) => {
    const validated = validate(given);
    if (!validated.ok) throw new Error(JSON.stringify(validated.findings));
    expectFindings(bmcCaVerificationRule.check({ spec: validated.spec, given: validated.given }), want);
  });
});

const privateKey = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n";
const publicKey = "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n";

describe(bmcCaFileRule.id, () => {
  test.each(
    table<{ readonly pem?: string; readonly ca?: boolean }>([
      [{ ca: false }, []],
      [{ pem: ca }, []],
      [{ pem: `${ca}\n${ca}` }, []],
      [{ pem: `\n${ca}\n\n` }, []],
      [{}, [["error", "bmc.ca_file", "was not read"]]],
      [{ pem: "" }, [["error", "bmc.ca_file", "holds no PEM certificate", "PEM CERTIFICATE blocks only"]]],
      [{ pem: `${ca}${privateKey}` }, [["error", "bmc.ca_file", "holds a PRIVATE KEY block", "CA certificate alone"]]],
      [{ pem: `${privateKey}garbage` }, [["error", "bmc.ca_file", "holds a PRIVATE KEY block"]]],
      [{ pem: publicKey }, [["error", "bmc.ca_file", "holds a PUBLIC KEY block, which is no certificate"]]],
      [{ pem: `subject=CN = CA\n${ca}` }, [["error", "bmc.ca_file", "holds text outside its PEM blocks"]]],
    ]),
  )("%s", (_title, given, want) => {
    const spec = specOf(given.ca === false ? redfish : withCa());
    expectFindings(bmcCaFileRule.check(buildCluster(spec, given.pem === undefined ? {} : { bmcCa: given.pem })), want);
  });
});
