// The node options against the release that installs them, and the worker VMs against the workers' plans: given
// the options and ocp_version, want each rule's findings.
import { featureVersionRule, workerVmsRule } from "../../../generator/rules/node-options";
import { clusterOf, expectFindings, table } from "./rule-table";

const arbiter = { memory: 8192, vcpu: 2 };

describe(featureVersionRule.id, () => {
  test.each(
    table([
      [{}, []],
      [{ ocp_version: "4.20.0", arbiter, number_of_workers: 0 }, []],
      [{ ocp_version: "4.6.1", firmware: "uefi", disks: { master: { extra_gib: [10] } }, extra_workers: 1 }, []],
      // Options that are there but unused need nothing of the installer.
      [{ ocp_version: "4.5.41", firmware: "bios", disks: { master: { extra_gib: [] } }, extra_workers: 0 }, []],
      [
        { ocp_version: "4.19.0", arbiter, number_of_workers: 0 },
        [["warning", "arbiter", "has the arbiter as a Technology Preview", "4.20 or later"]],
      ],
      [{ ocp_version: "4.22.0", control_plane: "two-node-fencing", architecture: "redfish" }, []],
      [
        { ocp_version: "4.21.0", control_plane: "two-node-fencing", architecture: "redfish" },
        [
          [
            "warning",
            "control_plane",
            "has the two-node control plane with fencing as a Technology Preview",
            "4.22 or later",
          ],
        ],
      ],
      [
        { ocp_version: "4.18.3", control_plane: "two-node-fencing", architecture: "redfish" },
        [["error", "control_plane", "needs the installer's controlPlane.fencing, which OpenShift has from 4.19"]],
      ],
      [
        { ocp_version: "4.5.41", firmware: "uefi", disks: { master: { extra_gib: [10] } } },
        [
          ["error", "firmware", "UEFI firmware needs the hosts' bootMode, which OpenShift has from 4.6"],
          ["error", "disks.master.extra_gib", "data disks need the hosts' rootDeviceHints"],
        ],
      ],
      [
        { ocp_version: "4.21.3", os_image_stream: "rhel-9" },
        [
          [
            "error",
            "os_image_stream",
            "needs the installer's osImageStream, which OpenShift has from 4.22",
            "4.22 or later",
          ],
        ],
      ],
      [
        { ocp_version: "4.22.0", os_image_stream: "rhel-9" },
        [["warning", "os_image_stream", "only behind the OSStreams feature gate", "5.0 or later"]],
      ],
      [{ ocp_version: "5.0.1", os_image_stream: "rhel-9" }, []],
      [{ ocp_version: "5.0.1", os_image_stream: "rhel-10" }, []],
      [
        { ocp_version: "4.5.41", extra_workers: 2 },
        [["error", "extra_workers", "day-2 workers need BareMetalHosts with bootMode and rootDeviceHints"]],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(featureVersionRule.check(clusterOf(given)), want);
  });
});

describe(workerVmsRule.id, () => {
  test.each(
    table([
      [{ number_of_workers: 128 }, []],
      [{ ocp_version: "4.20.0", number_of_workers: 100, extra_workers: 28 }, []],
      [
        { ocp_version: "4.20.0", number_of_workers: 100, extra_workers: 29 },
        [["error", "extra_workers", "makes 129 worker VMs with number_of_workers 100", "at most 28 extra workers"]],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(workerVmsRule.check(clusterOf(given)), want);
  });
});
