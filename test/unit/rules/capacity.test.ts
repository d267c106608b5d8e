// The VMs against the hypervisor: given a hypervisor section (or none), want the rule's findings: one error per
// short resource, with the totals and the shortfall, or, without a hypervisor, a note with the totals.
import { capacityRule } from "../../../generator/rules/capacity";
import { clusterOf, expectFindings, table } from "./rule-table";

describe(capacityRule.id, () => {
  test.each(
    table([
      [
        {},
        [
          [
            "note",
            "(spec)",
            "the VMs need 144 GiB of memory, 32 vCPUs and 890 GiB of virtual disk (add a hypervisor section",
          ],
        ],
      ],
      // 96 GiB with memory overcommitted 1.5 times is exactly the 144 the default cluster needs.
      [{ hypervisor: { memory_gib: 96, vcpus: 32, disk_gib: 1000, memory_overcommit: 1.5 } }, []],
      [
        { hypervisor: { memory_gib: 128, vcpus: 8, disk_gib: 1000, cpu_overcommit: 2 } },
        [
          [
            "error",
            "hypervisor.memory_gib",
            "the VMs need 144 GiB of memory but the hypervisor offers 128: 16 short (the VMs need 144 GiB of memory, 32 vCPUs",
          ],
          ["error", "hypervisor.vcpus", "the VMs need 32 vCPUs but the hypervisor offers 16: 16 short ("],
        ],
      ],
      [
        { hypervisor: { memory_gib: 512, vcpus: 64, disk_gib: 800 } },
        [
          [
            "error",
            "hypervisor.disk_gib",
            "the VMs need 890 GiB of virtual disk but the hypervisor offers 800: 90 short",
          ],
        ],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(capacityRule.check(clusterOf(given)), want);
  });
});
