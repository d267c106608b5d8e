// The hosts against the replicas: the installer's test cases that count them (./cases), and the arbiter role and
// the read of the file against older releases.
import { installerErrors } from "../../../generator/installer";
import { hostCountErrors } from "../../../generator/installer/host-counts";
import { lines, load, table } from "./cases";
import { parseRelease } from "../../../generator/releases";

const few = (found: number, pool: string, replicas: number) =>
  `not enough hosts found (${found}) to support all the configured ${pool} replicas (${replicas})`;

const hostCountTable = table.flatMap(([file, release, want]) =>
  want.hostCounts === undefined ? [] : [[file, release, want.hostCounts] as const],
);

test.each(hostCountTable)("%s (%s): the host counts the installer reports", (file, release, want) => {
  expect(lines(hostCountErrors(load(file), parseRelease(release)))).toEqual(lines(want));
});

test("host counts: before 4.19 a host with role arbiter is a host without a role, and fills the control plane", () => {
  const config = load("arbiter_hosts_4_20.yaml");
  const threeMasters = { ...config, controlPlane: { name: "master", replicas: 3 }, compute: [] } as const;
  const { role: _role, ...noRole } = threeMasters.platform.baremetal.hosts[2]!;
  const hosts = [...threeMasters.platform.baremetal.hosts.slice(0, 2), noRole];
  const roleless = { ...threeMasters, platform: { baremetal: { ...threeMasters.platform.baremetal, hosts } } };
  // The installer's defaults give an empty compute list one worker pool of 3 replicas: compute is what falls short.
  const compute = (found: number) => [
    { path: "platform.baremetal.Hosts", message: `Required value: ${few(found, "Compute", 3)}` },
  ];
  expect(hostCountErrors(threeMasters, parseRelease("4.18"))).toEqual(compute(0));
  expect(hostCountErrors(roleless, parseRelease("4.18"))).toEqual(compute(0));
  expect(hostCountErrors(threeMasters, parseRelease("4.20"))).toEqual([
    { path: "platform.baremetal.hosts", message: `Required value: ${few(2, "ControlPlane", 3)}` },
  ]);
});

test("host counts: nothing when the installer stops before, at reading the file", () => {
  const config = load("arbiter_4_10.yaml");
  expect(installerErrors(config, parseRelease("4.10"))).toHaveLength(1);
  expect(hostCountErrors({ ...config, controlPlane: { name: "master", replicas: 9 } }, parseRelease("4.10"))).toEqual(
    [],
  );
});
