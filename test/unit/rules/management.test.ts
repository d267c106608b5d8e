// The management rule against the installer's own rules: for every provisioning mode and BMC driver, gen-infra
// accepts the pairing exactly when the installer takes the install-config.yaml the model gives for it (built here
// without gen-infra's rules in the way), and the architecture shorthand stands for the pairings the seed built.
import { compile } from "../../../generator/compile";
import { buildCluster } from "../../../generator/model/model";
import { buildInventory } from "../../../generator/artefacts/inventory";
import { buildInstallConfig } from "../../../generator/artefacts/install-config";
import { formatFieldError, installerErrors } from "../../../generator/installer";
import { bmcDrivers, provisioningModes, specSchema } from "../../../generator/input/spec";
import { managementOf } from "../../../generator/input/management";
import { managementRule } from "../../../generator/rules/management";
import { clusterOf, expectFindings, table } from "./rule-table";

const pairings = provisioningModes.flatMap((mode) => bmcDrivers.map((driver) => [mode, driver] as const));

test.each(pairings)(
  "provisioning_network %s with bmc_driver %s: gen-infra's verdict is the installer's",
  (mode, driver) => {
    const raw = { ocp_version: "4.20.0", number_of_workers: 1, provisioning_network: mode, bmc_driver: driver };
    const compiled = compile(raw, "pairing.json");
    const cluster = buildCluster(specSchema.parse(raw));
    const config = buildInstallConfig(buildInventory(cluster), cluster.release, cluster.verifyBmcCertificate);
    const installer = installerErrors(config, cluster.release).map(formatFieldError);
    const refused = compiled.findings.filter((f) => f.severity === "error").map((f) => f.message);
    expect({ mode, driver, accepted: compiled.files !== undefined }).toEqual({
      mode,
      driver,
      accepted: installer.length === 0,
    });
    if (installer.length) {
      // Both say why in the same words.
      expect(installer.every((line) => line.includes(`driver ${driver} requires provisioning network`))).toBe(true);
      expect(refused.some((message) => message.includes(`driver ${driver} requires provisioning network`))).toBe(true);
    }
    // The provisioning network exists for Managed and Unmanaged, and install-config.yaml says which.
    expect(config.platform.baremetal.provisioningNetwork).toBe(mode);
    expect(cluster.networks.map((n) => n.name)).toEqual(mode === "Disabled" ? ["chucky"] : ["chucky", "provision"]);
  },
);

test.each([
  [{}, "vbmc", "Managed", "ipmi"],
  [{ architecture: "vbmc" }, "vbmc", "Managed", "ipmi"],
  [{ architecture: "redfish" }, "redfish", "Disabled", "redfish-virtualmedia"],
  [{ bmc_driver: "redfish" }, "redfish", "Managed", "redfish"],
  [{ bmc_driver: "redfish-virtualmedia" }, "redfish", "Disabled", "redfish-virtualmedia"],
  [{ provisioning_network: "Unmanaged" }, "vbmc", "Unmanaged", "ipmi"],
  [{ provisioning_network: "Disabled" }, "redfish", "Disabled", "redfish-virtualmedia"],
  [
    { architecture: "redfish", bmc: { redfish_scheme: "redfish-virtualmedia+https" } },
    "redfish",
    "Disabled",
    "redfish-virtualmedia",
  ],
] as const)("%j resolves to architecture %s, %s, %s", (raw, architecture, provisioningNetwork, bmcDriver) => {
  expect(managementOf(specSchema.parse(raw))).toMatchObject({ architecture, provisioningNetwork, bmcDriver });
});

test("a driver given with the scheme's transport keeps the transport", () => {
  const spec = specSchema.parse({ bmc_driver: "redfish", bmc: { redfish_scheme: "redfish-virtualmedia+https" } });
  expect(managementOf(spec).redfishScheme).toBe("redfish+https");
});

describe(managementRule.id, () => {
  test.each(
    table([
      [{}, []],
      [{ provisioning_network: "Unmanaged", bmc_driver: "redfish" }, []],
      [{ provisioning_network: "Disabled", bmc_driver: "redfish-virtualmedia" }, []],
      [{ architecture: "redfish", provisioning_network: "Disabled" }, []],
      [
        { provisioning_network: "Disabled", bmc_driver: "ipmi" },
        [
          [
            "error",
            "bmc_driver",
            "network-boots the nodes, so it needs a provisioning network",
            "redfish-virtualmedia",
          ],
        ],
      ],
      [
        { architecture: "redfish", bmc: { redfish_scheme: "redfish" } },
        [["error", "bmc.redfish_scheme", "architecture redfish has no provisioning network"]],
      ],
      [
        { architecture: "vbmc", provisioning_network: "Disabled" },
        [
          [
            "error",
            "provisioning_network",
            "contradicts architecture vbmc, which stands for provisioning_network Managed",
          ],
          ["error", "provisioning_network", "leaves the BMC driver ipmi without the provisioning network"],
        ],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(managementRule.check(clusterOf(given)), want);
  });
});
