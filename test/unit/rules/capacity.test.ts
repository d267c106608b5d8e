// The VMs against the hypervisor: given a hypervisor section (or none), want the rule's findings: one error per
// short resource, with the totals and the shortfall, or, without a hypervisor, a note with the totals.
import { capacityRule } from "../../../generator/rules/capacity";
import { clusterOf, expectFindings, table } from "./rule-table";
import { hypervisor } from "../../multi-host";

const host = (name: string, capacity?: Record<string, number>) => hypervisor(name, capacity ? { capacity } : {});

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
      // Several hosts: each host's VMs against its own capacity. kvm1 has the service VMs, two masters and a worker
      // (96 GiB, 20 vCPUs, 530 GiB of disk), kvm2 a master and two workers (48 GiB, 12 vCPUs, 360 GiB).
      [
        { hypervisors: [host("kvm1"), host("kvm2")] },
        [
          [
            "note",
            "(spec)",
            "on kvm1 the VMs need 96 GiB of memory, 20 vCPUs and 530 GiB of virtual disk; on kvm2 the VMs need 48 GiB of memory, 12 vCPUs and 360 GiB",
          ],
        ],
      ],
      [
        { hypervisors: [host("kvm1", { memory_gib: 96, vcpus: 20, disk_gib: 530 }), host("kvm2")] },
        [
          [
            "error",
            "hypervisors[1].capacity",
            "is required when another hypervisor has one",
            "give every hypervisor a capacity, or none",
          ],
        ],
      ],
      [
        {
          hypervisors: [
            host("kvm1", { memory_gib: 96, vcpus: 20, disk_gib: 530 }),
            host("kvm2", { memory_gib: 40, vcpus: 12, disk_gib: 360 }),
          ],
        },
        [["error", "hypervisors[1].capacity.memory_gib", "the VMs need 48 GiB of memory but kvm2 offers 40: 8 short"]],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(capacityRule.check(clusterOf(given)), want);
  });
});

describe(`${capacityRule.id} at plan time`, () => {
  const sized = { memory_gib: 256, vcpus: 64, disk_gib: 2000 };
  /** Each condition as text, with the symbols by name. */
  const conditionsOf = (given: Record<string, unknown>) =>
    (capacityRule.preconditions?.(clusterOf(given)).masters ?? []).map((c) =>
      c.condition.map((part) => (typeof part === "string" ? part : `<${part.symbol}>`)).join(""),
    );

  test.each<[string, Record<string, unknown>, string[]]>([
    ["one host without a size: none", {}, []],
    [
      "one sized host: the lab's totals",
      { hypervisor: sized },
      ["<totalMemoryMiB> <= 262144", "<totalVcpus> <= 64", "<totalDiskGiB> <= 2000"],
    ],
    ["several hosts without a size: none", { hypervisors: [host("kvm1"), host("kvm2")] }, []],
    [
      "several sized hosts, one retired: each open host's own needs",
      { hypervisors: [host("kvm1", sized), host("kvm2", sized), { ...host("kvm3", sized), retired: true }] },
      ["kvm1", "kvm2"].flatMap((name) => [
        `<hostNeeds>["${name}"].memory_mib <= 262144`,
        `<hostNeeds>["${name}"].vcpus <= 64`,
        `<hostNeeds>["${name}"].disk_gib <= 2000`,
      ]),
    ],
  ])("%s", (_title, given, want) => {
    expect(conditionsOf(given)).toEqual(want);
  });
});
