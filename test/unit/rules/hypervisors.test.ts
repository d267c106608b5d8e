// The rules of a lab on several hypervisors: given the hosts, pins and underlay, want each rule's findings. A lab on
// one host, whether by connection or by a list of one, passes them all.
import {
  controlPlaneSpreadRule,
  hypervisorsRule,
  overlayMtuRule,
  overlayRule,
  placementRule,
} from "../../../generator/rules/hypervisors";
import { clusterOf, expectFindings, table } from "./rule-table";
import { hypervisor as host } from "../../multi-host";

const two = [host("kvm1"), host("kvm2")];
const three = [host("kvm1"), host("kvm2"), host("kvm3")];

describe(hypervisorsRule.id, () => {
  test.each(
    table([
      [{}, []],
      [{ hypervisors: three }, []],
      [
        { hypervisors: [host("kvm1"), host("kvm1")] },
        [["error", "hypervisors[1].name", "is the name of an earlier hypervisor"]],
      ],
      [
        { hypervisors: [host("kvm1", { retired: true }), host("kvm2")] },
        [
          [
            "error",
            "hypervisors[0].retired",
            "the first hypervisor is the gateway host",
            "put the host that takes over",
          ],
        ],
      ],
      [{ architecture: "redfish", bmc: { redfish_port: 65534 }, hypervisors: two }, []],
      [
        { architecture: "redfish", bmc: { redfish_port: 65534 }, hypervisors: three },
        [["error", "bmc.redfish_port", "each takes the next port, up to 65536", "at most 65533"]],
      ],
      // vbmc serves every host from one set of ports.
      [{ bmc: { vbmc_port_base: 65404 }, hypervisors: three }, []],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(hypervisorsRule.check(clusterOf(given)), want);
  });
});

describe(placementRule.id, () => {
  test.each(
    table([
      [{ hypervisors: three, placement: { master0: "kvm2", worker2: "kvm3" } }, []],
      [
        { hypervisors: three, number_of_workers: 2, placement: { worker2: "kvm3" } },
        [
          [
            "error",
            "placement.worker2",
            "pins worker2, which this lab does not have",
            "master0, master1, master2, worker0, worker1",
          ],
        ],
      ],
      [
        { hypervisors: three, placement: { master0: "kvm9" } },
        [["error", "placement.master0", "is not a hypervisor of the list: kvm1, kvm2, kvm3"]],
      ],
      [
        { hypervisors: [host("kvm1"), host("kvm2", { retired: true })], placement: { worker0: "kvm2" } },
        [["error", "placement.worker0", "is retired", "pin the node to another hypervisor"]],
      ],
      [{ placement: { worker0: "hypervisor0" } }, []],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(placementRule.check(clusterOf(given)), want);
  });
});

describe(controlPlaneSpreadRule.id, () => {
  test.each(
    table([
      [{ hypervisors: three }, []],
      // Three masters on two hosts: two may share one.
      [{ hypervisors: two, placement: { master0: "kvm2", master1: "kvm2" } }, []],
      [
        { hypervisors: two, placement: { master0: "kvm2", master1: "kvm2", master2: "kvm2" } },
        [
          [
            "error",
            "placement",
            "puts master0, master1, master2 on kvm2: at most 2 of the 3 control-plane nodes may share a host when they are spread over 2",
            "set spread_control_plane to false",
          ],
        ],
      ],
      [
        { hypervisors: three, placement: { master0: "kvm3", master2: "kvm3" } },
        [["error", "placement", "puts master0, master2 on kvm3: at most 1 of the 3"]],
      ],
      [
        {
          hypervisors: three,
          ocp_version: "4.20.0",
          arbiter: { memory: 8192, vcpu: 2 },
          placement: { master1: "kvm1", arbiter0: "kvm1" },
        },
        [["error", "placement", "puts master1, arbiter0 on kvm1: at most 1 of the 3"]],
      ],
      [{ hypervisors: three, spread_control_plane: false, placement: { master0: "kvm3", master2: "kvm3" } }, []],
      // A retired host does not count: three masters on the two left.
      [{ hypervisors: [...two, host("kvm3", { retired: true })], placement: { master0: "kvm1", master1: "kvm1" } }, []],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(controlPlaneSpreadRule.check(clusterOf(given)), want);
  });
});

describe(overlayRule.id, () => {
  test.each(
    table([
      [{ hypervisors: [host("kvm1", { underlay_address: undefined })] }, []],
      [{ hypervisors: two }, []],
      [
        { hypervisors: [host("kvm1", { underlay_address: "fd00::1" }), host("kvm2", { underlay_address: "fd00::2" })] },
        [],
      ],
      [
        { hypervisors: [host("kvm1"), host("kvm2", { underlay_address: undefined })] },
        [
          [
            "error",
            "hypervisors[1].underlay_address",
            "is required with more than one hypervisor",
            "give each hypervisor",
          ],
        ],
      ],
      // A retired host carries no overlay.
      [{ hypervisors: [host("kvm1"), host("kvm2"), host("kvm3", { retired: true, underlay_address: undefined })] }, []],
      [
        { hypervisors: [host("kvm1"), host("kvm2", { underlay_address: "198.51.100.1" })] },
        [["error", "hypervisors[1].underlay_address", "is also the underlay address of kvm1"]],
      ],
      [
        { hypervisors: [host("kvm1"), host("kvm2", { underlay_address: "fd00::2" })] },
        [["error", "hypervisors[1].underlay_address", "is IPv6, but the first hypervisor's is IPv4"]],
      ],
      [
        { hypervisors: [host("kvm1"), host("kvm2", { underlay_address: "192.168.30.7" })] },
        [["error", "hypervisors[1].underlay_address", "lies inside the chucky network (192.168.30.0/24)"]],
      ],
      [
        { hypervisors: [host("kvm1", { underlay_address: "192.168.122.5" }), host("kvm2")] },
        [["error", "hypervisors[0].underlay_address", "lies inside existing_networks[0] (192.168.122.0/24)"]],
      ],
      [
        { hypervisors: [host("kvm1"), host("kvm2", { underlay_address: "1::2::3" })] },
        [["error", "hypervisors[1].underlay_address", "is not an IP address"]],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(overlayRule.check(clusterOf(given)), want);
  });
});

describe(overlayMtuRule.id, () => {
  test.each(
    table([
      [{ hypervisors: two }, []],
      // 1430 less 50 is the 1380 OVN-Kubernetes needs, just.
      [{ hypervisors: [host("kvm1"), host("kvm2", { underlay_mtu: 1430 })] }, []],
      [
        { hypervisors: [host("kvm1"), host("kvm2", { underlay_mtu: 1429 })] },
        [
          [
            "error",
            "hypervisors[1].underlay_mtu",
            "leaves the lab's NICs 1379 bytes after VXLAN's 50, and OVN-Kubernetes 1279",
            "at least 1430",
          ],
        ],
      ],
      [
        {
          hypervisors: [
            host("kvm1", { underlay_address: "fd00::1", underlay_mtu: 1449 }),
            host("kvm2", { underlay_address: "fd00::2" }),
          ],
        },
        [["error", "hypervisors[0].underlay_mtu", "1379 bytes after VXLAN's 70", "at least 1450"]],
      ],
      // One host: no overlay, whatever its underlay.
      [{ hypervisors: [host("kvm1", { underlay_mtu: 1280 })] }, []],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(overlayMtuRule.check(clusterOf(given)), want);
  });
});
