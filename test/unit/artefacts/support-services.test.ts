// The support VM's DHCP and DNS files, for every fixture: valid for the real ISC dhcpd and BIND, and handing out
// exactly the model's addresses, none twice.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { compileFile, fixtures, inScratch } from "../../helpers";
import { whenFound } from "../../skip";
import { isClusterRole, type Cluster } from "../../../generator/model/model";
import { buildInventory } from "../../../generator/artefacts/inventory";
import { reverseZoneName } from "../../../generator/artefacts/support-services";
import { compile } from "../../../generator/compile";

const have = (command: string) => spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
const { describe: describeWithDhcpd } = whenFound("dhcpd", have("dhcpd"));
const { describe: describeWithBind } = whenFound("named-checkzone", have("named-checkzone"));

interface Parsed {
  range: [string, string];
  hosts: { mac: string; address: string; hostname: string }[];
  /** Each A record as [name, address], in the zone's order: without VIPs, api has several. */
  forward: [string, string][];
  reverse: Map<string, string>;
}

/** Reads back what the files hand out, by their own syntax, so the test does not share the renderer's view. */
function parse(files: ReadonlyMap<string, string>, zone: string): Parsed {
  const dhcpd = files.get("dhcpd.conf")!;
  const range = /^\s*range (\S+) (\S+);$/m.exec(dhcpd)!;
  const hosts = [
    ...dhcpd.matchAll(
      /host \S+ \{\n\s+hardware ethernet (\S+);\n\s+fixed-address (\S+);\n\s+option host-name "(\S+)";/g,
    ),
  ].map(([, mac, address, hostname]) => ({ mac: mac!, address: address!, hostname: hostname! }));
  const records = (text: string, type: string): [string, string][] =>
    [...text.matchAll(new RegExp(`^(\\S+)\\s+IN ${type} (\\S+)$`, "gm"))]
      .filter(([, name]) => name !== "@")
      .map(([, name, value]) => [name!, value!]);
  const forward = records(files.get("forward.zone")!, "A").map(([name, a]): [string, string] => [`${name}.${zone}`, a]);
  return {
    range: [range[1]!, range[2]!],
    hosts,
    forward,
    reverse: new Map(records(files.get("reverse.zone")!, "PTR")),
  };
}

/**
 * Without VIPs (the agent-based installer's platform none), api and api-int name the masters' addresses and *.apps
 * those of the nodes that run the routers: every node where the masters are schedulable (fewer than five nodes),
 * else the workers. These names share their nodes' addresses, which map back to the nodes.
 */
const roundRobin = (cluster: Cluster, name: string): boolean =>
  cluster.agent?.platform === "none" && /^(api|api-int|\*\.apps)\./.test(name);

describe.each(fixtures.map((f) => [f.name, f] as const))("out/%s DHCP and DNS", (_name, fixture) => {
  let cluster: Cluster;
  let files: ReadonlyMap<string, string>;
  beforeAll(async () => {
    const compiled = await compileFile(fixture.file);
    cluster = compiled.cluster!;
    files = compiled.files!;
  });
  const zone = () => cluster.spec.dns_zone;

  test("every master and worker has its fixed address by its chucky MACs; every address is the model's", () => {
    const { hosts, range, forward } = parse(files, zone());
    const inventory = buildInventory(cluster);
    // The IPv4 files: a node with IPv6 alone (ip_stack v6) has no IPv4 address to reserve or name.
    const chuckyV4 = (node: (typeof inventory.nodes)[number]) =>
      node.nics.find((nic) => nic.purpose === "chucky")?.address ?? null;
    const v4Nodes = inventory.nodes.filter((n) => isClusterRole(n.role) && chuckyV4(n) !== null);
    const expected = v4Nodes.flatMap((node) =>
      node.nics
        .filter((nic) => nic.network === "chucky")
        .map((nic) => ({
          mac: nic.mac!,
          address: chuckyV4(node)!,
          hostname: node.hostname,
        })),
    );
    expect(hosts).toEqual(expected);
    expect(range).toEqual([cluster.addresses.chuckyDhcpStart, cluster.addresses.chuckyDhcpEnd]);
    const a = cluster.addresses;
    const cluster_ = `${cluster.spec.cluster_name}.${zone()}`;
    const masters = v4Nodes.filter((n) => n.role === "master");
    const routers = v4Nodes.length < 5 ? v4Nodes : v4Nodes.filter((n) => n.role === "worker");
    const at = (name: string, nodes: typeof v4Nodes) => nodes.map((n) => [name, chuckyV4(n)]);
    // The VIPs in IPv4 where the cluster has it; without VIPs, the nodes behind each name.
    const endpoints = !cluster.families.includes(4)
      ? []
      : cluster.agent?.platform === "none"
        ? [
            ...at(`api.${cluster_}`, masters),
            ...at(`api-int.${cluster_}`, masters),
            ...at(`*.apps.${cluster_}`, routers),
          ]
        : [
            [`api.${cluster_}`, a.apiVip],
            [`api-int.${cluster_}`, a.apiIntVip],
            [`*.apps.${cluster_}`, a.ingressVip],
          ];
    expect(forward).toEqual([
      [`support.${zone()}`, a.supportHost],
      // The agent-based installer's lab has no provision VM.
      ...(cluster.installer === "agent" ? [] : [[`provision.${zone()}`, a.provisionHost]]),
      ...v4Nodes.map((n) => [n.hostname, chuckyV4(n)]),
      ...endpoints,
    ]);
  });

  test("no address is handed out twice, and the dynamic range holds none of them", () => {
    const { hosts, range, forward } = parse(files, zone());
    const fixed = [...new Set(hosts.map((h) => h.address))];
    const named = forward.filter(([name]) => !roundRobin(cluster, name)).map(([, address]) => address);
    expect(new Set(named).size).toBe(named.length);
    for (const [name, address] of forward) if (roundRobin(cluster, name)) expect(fixed).toContain(address);
    const number = (ip: string) => ip.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
    const [start, end] = range.map(number);
    for (const address of [...fixed, ...named]) expect(number(address) < start! || number(address) > end!).toBe(true);
    expect(fixed.every((address) => named.includes(address))).toBe(true);
  });

  test("the reverse zone maps every address back to its name, the wildcard and the round robin excepted", () => {
    const { forward, reverse } = parse(files, zone());
    const prefix = reverseZoneName(buildInventory(cluster)).split(".").slice(0, 3).reverse().join(".");
    const expected = forward
      .filter(([name]) => !name.startsWith("*.") && !roundRobin(cluster, name))
      .map(([name, address]) => {
        expect(address.startsWith(`${prefix}.`)).toBe(true);
        return [address.split(".")[3], `${name}.`];
      });
    expect([...reverse]).toEqual(expected);
  });

  describeWithDhcpd("ISC dhcpd", () => {
    test("dhcpd -t accepts dhcpd.conf", () =>
      inScratch("dhcpd", (dir) => {
        const file = path.join(dir, "dhcpd.conf");
        writeFileSync(file, files.get("dhcpd.conf")!);
        const result = spawnSync("dhcpd", ["-t", "-cf", file], { encoding: "utf8" });
        expect(result.stderr).not.toMatch(/error|warning/i);
        expect(result.status).toBe(0);
      }));
  });

  describeWithBind("BIND", () => {
    test("named-checkzone accepts both zones", () =>
      inScratch("zones", (dir) => {
        for (const [file, name] of [
          ["forward.zone", zone()],
          ["reverse.zone", reverseZoneName(buildInventory(cluster))],
        ] as const) {
          writeFileSync(path.join(dir, file), files.get(file)!);
          const result = spawnSync("named-checkzone", ["-k", "fail", "-n", "fail", name, path.join(dir, file)], {
            encoding: "utf8",
          });
          expect(result.stdout).toContain("OK");
          expect(result.status).toBe(0);
        }
      }));
  });
});

test("81 workers on a /24: a collision-free plan past the seed's range; the VIPs move up", () => {
  const { cluster } = compile({ number_of_workers: 81 }, "many.json");
  expect(cluster!.addresses).toMatchObject({
    chuckyDhcpStart: "192.168.30.111",
    chuckyDhcpEnd: "192.168.30.130",
    apiVip: "192.168.30.131",
    apiIntVip: "192.168.30.132",
    ingressVip: "192.168.30.141",
  });
});

test("49 workers keep the seed's addresses, host for host, with the range ending below the API VIP", () => {
  const { cluster, files } = compile({ number_of_workers: 49 }, "seed.json");
  const a = cluster!.addresses;
  expect([a.chuckyGateway, a.supportHost, a.provisionHost, a.apiVip, a.apiIntVip, a.ingressVip]).toEqual(
    ["1", "3", "10", "100", "101", "110"].map((host) => `192.168.30.${host}`),
  );
  expect([a.chuckyDhcpStart, a.chuckyDhcpEnd]).toEqual(["192.168.30.80", "192.168.30.99"]);
  const addresses = (role: string) =>
    cluster!.nodes.filter((n) => n.role === role).map((n) => n.nics.find((nic) => nic.purpose === "chucky")!.address);
  expect(addresses("master")).toEqual(["20", "21", "22"].map((h) => `192.168.30.${h}`));
  expect(addresses("worker")).toEqual(Array.from({ length: 49 }, (_, i) => `192.168.30.${30 + i}`));
  expect(files!.get("dhcpd.conf")).toContain("range 192.168.30.80 192.168.30.99;");
});
