// A two-node control plane with fencing: given a spec, want the rule's findings: a Redfish BMC driver, the
// installer-provisioned flow, and no other control plane beside it.
import { twoNodeFencingRule } from "../../../generator/rules/two-node-fencing";
import { clusterOf, expectFindings, table, type Given, type Want } from "./rule-table";

const tnf: Given = { ocp_version: "4.20.0", control_plane: "two-node-fencing", number_of_workers: 0 };
const arbiter = { memory: 8192, vcpu: 2 };

describe(twoNodeFencingRule.id, () => {
  test.each(
    table<Given>([
      [{}, []],
      // Without control_plane, the rule has nothing to say of any BMC driver.
      [{ architecture: "vbmc" }, []],
      [{ ...tnf, architecture: "redfish" }, []],
      [{ ...tnf, provisioning_network: "Managed", bmc_driver: "redfish" }, []],
      [{ ...tnf, provisioning_network: "Unmanaged", bmc_driver: "redfish-virtualmedia" }, []],
      [tnf, [["error", "control_plane", "the BMC driver is ipmi (architecture vbmc)", 'set architecture "redfish"']]],
      [
        { ...tnf, provisioning_network: "Managed", bmc_driver: "ipmi" },
        [["error", "control_plane", "the BMC driver is ipmi (bmc_driver ipmi)"]],
      ],
      [
        { ...tnf, architecture: "redfish", arbiter },
        [["error", "control_plane", "cannot be given with arbiter", "leave control_plane or arbiter out"]],
      ],
      [
        { ...tnf, architecture: "redfish", number_of_masters: 3 },
        [["error", "number_of_masters", "cannot be given with control_plane two-node-fencing"]],
      ],
      // Refused in every release: before 4.22 the installer refuses it, and gen-infra builds no agent fencing.
      ...["4.20.0", "4.22.0"].map((ocp_version): [Given, Want[]] => [
        { ...tnf, ocp_version, installer: "agent" },
        [["error", "control_plane", "is not built with installer agent", 'use installer "ipi"']],
      ]),
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(twoNodeFencingRule.check(clusterOf(given)), want);
  });
});
