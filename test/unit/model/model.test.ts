// The model computes every MAC and address once; these tests pin its arithmetic to the seed's conventions.
import { validate } from "../../../generator/input/validate";
import { buildCluster, type Cluster } from "../../../generator/model/model";
import { compile } from "../../../generator/compile";
import { formatFinding } from "../../../generator/findings";

function cluster(raw: object): Cluster {
  const result = validate(raw);
  if (!result.ok) throw new Error(result.findings.map(formatFinding).join("\n"));
  return buildCluster(result.spec);
}

const macs = (c: Cluster, name: string) =>
  c.nodes.find((n) => n.name === name)!.nics.map((nic) => `${nic.network}=${nic.mac ?? "auto"}`);

test("the default spec reproduces the seed's nodes, NICs and MACs", () => {
  const c = cluster({});
  expect(c.nodes.map((n) => n.name)).toEqual([
    "provision",
    "support",
    "bmipi-master0",
    "bmipi-master1",
    "bmipi-master2",
    "bmipi-worker0",
    "bmipi-worker1",
    "bmipi-worker2",
  ]);
  expect(macs(c, "provision")).toEqual(["provision=auto", "chucky=52:54:00:9d:41:3c"]);
  expect(macs(c, "support")).toEqual(["chucky=auto"]);
  expect(macs(c, "bmipi-master2")).toEqual(["provision=52:54:00:74:dc:a2", "chucky=52:54:00:a9:6d:72"]);
  expect(macs(c, "bmipi-worker1")).toEqual(["provision=52:54:00:74:dc:01", "chucky=52:54:00:a9:6d:01"]);
  expect(c.networks.map((n) => `${n.name}:${n.cidr}:${n.mode}`)).toEqual([
    "chucky:192.168.30.0/24:nat",
    "provision:192.168.14.0/24:none",
  ]);
  expect(c.nodes.filter((n) => n.running).map((n) => n.name)).toEqual(["provision", "support"]);
});

test("the seed's addresses: gateway .1, support .3, provision .10, VIPs .100/.110, ironic .14, DHCP .20-.100", () => {
  expect(cluster({}).addresses).toMatchObject({
    chuckyGateway: "192.168.30.1",
    supportHost: "192.168.30.3",
    provisionHost: "192.168.30.10",
    apiVip: "192.168.30.100",
    ingressVip: "192.168.30.110",
    provisionIronic: "192.168.14.14",
    provisioningDhcpStart: "192.168.14.20",
    provisioningDhcpEnd: "192.168.14.100",
  });
});

test("addresses are right for prefixes other than /24", () => {
  expect(cluster({ chucky_net_addr: "10.128.0.0/23", provision_net_addr: "172.22.0.128/25" }).addresses).toMatchObject({
    chuckyGateway: "10.128.0.1",
    ingressVip: "10.128.0.110",
    chuckyNetmask: "255.255.254.0",
    provisionIronic: "172.22.0.142",
    provisioningDhcpEnd: "172.22.0.228",
  });
});

test("a /25 chucky network holds every derived address", () => {
  expect(cluster({ chucky_net_addr: "10.0.0.128/25" }).addresses).toMatchObject({
    chuckyGateway: "10.0.0.129",
    supportHost: "10.0.0.131",
    apiVip: "10.0.0.228",
    ingressVip: "10.0.0.238",
    chuckyNetmask: "255.255.255.128",
  });
});

test("bonding applies only from 4.10, with second NICs in the upper half of each window", () => {
  expect(cluster({ bonding_nic: true, ocp_version: "4.9.5" }).bonding).toBe(false);
  const bonded = cluster({ bonding_nic: true, ocp_version: "4.10.0" });
  expect(bonded.bonding).toBe(true);
  expect(macs(bonded, "bmipi-master1")).toEqual([
    "provision=52:54:00:74:dc:a1",
    "chucky=52:54:00:a9:6d:71",
    "chucky=52:54:00:a9:6d:79",
  ]);
  expect(macs(bonded, "bmipi-worker2")).toEqual([
    "provision=52:54:00:74:dc:02",
    "chucky=52:54:00:a9:6d:02",
    "chucky=52:54:00:a9:6d:82",
  ]);
  expect(
    cluster({ bonding_nic: true, ocp_version: "4.12.1", architecture: "redfish" }).nodes[2]!.nics.map((n) => n.network),
  ).toEqual(["chucky", "chucky"]);
});

test("the seed's worker-112 collision is rejected, naming both NICs", () => {
  const { findings, files } = compile({ number_of_workers: 113 }, "x.json");
  expect(files).toBeUndefined();
  const text = findings.map(formatFinding).join("\n");
  expect(findings[0]).toMatchObject({ severity: "error", path: ["worker_chucky_mac_base"] });
  expect(text).toContain("52:54:00:a9:6d:70");
  expect(text).toContain("bmipi-master0 chucky NIC on chucky");
  expect(text).toContain("bmipi-worker112 chucky NIC on chucky");
});

test("60 bonded workers on 4.12 with the default bases: every MAC is distinct by construction", () => {
  const { cluster: c, findings } = compile(
    { number_of_workers: 60, bonding_nic: true, ocp_version: "4.12.0" },
    "x.json",
  );
  expect(findings.filter((f) => f.severity === "error")).toEqual([]);
  const all = c!.nodes.flatMap((n) => n.nics.map((nic) => nic.mac).filter(Boolean));
  expect(new Set(all).size).toBe(all.length);
  expect(all.length).toBe(1 + 3 * 3 + 60 * 3);
});
