// bonding_nic against the release: given the two keys, want the rule's warning (the seed builds no bond before 4.10)
// or none.
import { bondingVersionRule } from "../../../generator/rules/bonding-version";
import { clusterOf, expectFindings, table } from "./rule-table";

describe(bondingVersionRule.id, () => {
  test.each(
    table([
      [{}, []],
      [{ bonding_nic: false, ocp_version: "4.9.5" }, []],
      [{ bonding_nic: true, ocp_version: "4.10.0" }, []],
      [
        { bonding_nic: true, ocp_version: "4.8.2" },
        [["warning", "bonding_nic", "OpenShift 4.8.2 is older than 4.10: no bond will be built", "4.10 or later"]],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(bondingVersionRule.check(clusterOf(given)), want);
  });
});
