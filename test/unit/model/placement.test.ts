// Placement: given the hypervisors, the nodes and the pins, want each node's host. The same spec always gives the
// same placement, and every tie goes to the host listed first.
import { buildCluster, nodeKey } from "../../../generator/model/model";
import { specOf, type Given } from "../rules/rule-table";
import { hypervisor as host } from "../../multi-host";

const sized = (name: string, memory_gib: number) => host(name, { capacity: { memory_gib, vcpus: 64, disk_gib: 4000 } });
const three = [host("kvm1"), host("kvm2"), host("kvm3")];

/** Each node's host, as "node:host" words in the lab's order, for a table that reads at a glance. */
const placementOf = (given: Given) =>
  buildCluster(specOf(given))
    .nodes.map((node) => `${nodeKey(node)}:${node.hypervisor}`)
    .join(" ");

test.each([
  [
    "one host: everything on it",
    { number_of_workers: 2 },
    "provision:hypervisor0 support:hypervisor0 master0:hypervisor0 master1:hypervisor0 master2:hypervisor0 worker0:hypervisor0 worker1:hypervisor0",
  ],
  [
    "three hosts, no capacity: masters spread, workers round-robin, starting where fewest VMs are",
    { hypervisors: three, number_of_workers: 4 },
    "provision:kvm1 support:kvm1 master0:kvm1 master1:kvm2 master2:kvm3 worker0:kvm2 worker1:kvm3 worker2:kvm1 worker3:kvm2",
  ],
  [
    "3 masters on 2 hosts: two on the first, the workers fill the second first",
    { hypervisors: [host("kvm1"), host("kvm2")] },
    "provision:kvm1 support:kvm1 master0:kvm1 master1:kvm2 master2:kvm1 worker0:kvm2 worker1:kvm1 worker2:kvm2",
  ],
  [
    "a pinned worker goes where it is pinned, and the others around it",
    { hypervisors: three, placement: { worker0: "kvm3" } },
    "provision:kvm1 support:kvm1 master0:kvm1 master1:kvm2 master2:kvm3 worker0:kvm3 worker1:kvm2 worker2:kvm1",
  ],
  [
    "a pinned master: the other two spread over the remaining hosts",
    { hypervisors: three, number_of_workers: 0, placement: { master0: "kvm3" } },
    "provision:kvm1 support:kvm1 master0:kvm3 master1:kvm1 master2:kvm2",
  ],
  [
    "masters pinned together with spread_control_plane false",
    {
      hypervisors: three,
      number_of_workers: 0,
      spread_control_plane: false,
      placement: { master0: "kvm2", master1: "kvm2" },
    },
    "provision:kvm1 support:kvm1 master0:kvm2 master1:kvm2 master2:kvm1",
  ],
  [
    "the arbiter is control plane: two masters and the arbiter on three hosts",
    { hypervisors: three, ocp_version: "4.20.0", arbiter: { memory: 8192, vcpu: 2 }, number_of_workers: 0 },
    "provision:kvm1 support:kvm1 master0:kvm1 master1:kvm2 arbiter0:kvm3",
  ],
  [
    // kvm1 keeps 120 GiB free after the service VMs and two masters, kvm2 84 after one.
    "workers by free memory, when every host is sized",
    { hypervisors: [sized("kvm1", 200), sized("kvm2", 100)], number_of_workers: 4 },
    "provision:kvm1 support:kvm1 master0:kvm1 master1:kvm2 master2:kvm1 worker0:kvm1 worker1:kvm1 worker2:kvm1 worker3:kvm2",
  ],
  [
    // 20 and 44 GiB free before the workers; the fourth fits on neither.
    "capacity exhausted: a worker that fits nowhere goes where most memory is free (the capacity rule says it does not fit)",
    { hypervisors: [sized("kvm1", 100), sized("kvm2", 60)], number_of_workers: 4 },
    "provision:kvm1 support:kvm1 master0:kvm1 master1:kvm2 master2:kvm1 worker0:kvm2 worker1:kvm2 worker2:kvm1 worker3:kvm2",
  ],
  [
    "a retired host gets nothing, even where it would be next",
    { hypervisors: [host("kvm1"), host("kvm2", { retired: true }), host("kvm3")] },
    "provision:kvm1 support:kvm1 master0:kvm1 master1:kvm3 master2:kvm1 worker0:kvm3 worker1:kvm1 worker2:kvm3",
  ],
  [
    "a pin to a retired host is not followed (the placement rule reports it)",
    {
      hypervisors: [host("kvm1"), host("kvm2", { retired: true })],
      number_of_workers: 1,
      placement: { worker0: "kvm2" },
    },
    "provision:kvm1 support:kvm1 master0:kvm1 master1:kvm1 master2:kvm1 worker0:kvm1",
  ],
] as const)("%s", (_title, given, want) => {
  expect(placementOf(given)).toBe(want);
  // The same spec, the same placement.
  expect(placementOf(given)).toBe(placementOf(structuredClone(given)));
});
