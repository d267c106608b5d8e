// The provision VM against the release whose installer it runs: given the spec, want the rule's findings.
import { provisionOsRule } from "../../../generator/rules/provision-os";
import { expectFindings, specOf, table } from "./rule-table";

const rhel8 = "is the seed's RHEL 8 image";

describe(provisionOsRule.id, () => {
  test.each(
    table([
      [{ ocp_version: "4.15.9" }, []],
      [{ ocp_version: "4.16.0" }, [["warning", "rhel8_image_location", rhel8, "a RHEL 9 (or later) qcow2 image"]]],
      [{ ocp_version: "5.0.1" }, [["warning", "rhel8_image_location", rhel8]]],
      [{ ocp_version: "4.20.0", rhel8_image_location: "rhel9.qcow2" }, []],
      [{ ocp_version: "4.20.0", rhel8_image_location: "/images/rhel-9.6-x86_64-kvm.qcow2" }, []],
      // The agent-based lab has no provision VM.
      [{ ocp_version: "4.20.0", installer: "agent", firmware: "uefi" }, []],
    ]),
  )("%s", (_, given, want) => {
    expectFindings(provisionOsRule.check(specOf(given)), want);
  });
});
