// inventory.json, install-config-hosts.yaml and the cluster report, for every fixture: all from the model, so
// every MAC and address agrees with the HCL's; and each is prettier-clean as written.
import path from "node:path";
import * as prettier from "prettier";
import { parse as parseYaml } from "yaml";
import { compileFile, fixtures, root } from "./helpers";
import type { Cluster } from "../generator/model";
import type { Inventory } from "../generator/inventory";
import { specSchema } from "../generator/spec";

interface Host {
  name: string;
  role: string;
  bootMACAddress: string;
  bmc: { address: string; username: string; password: string };
  networkConfig?: {
    interfaces: { name: string; type: string; "link-aggregation": { mode: string; port: string[] } }[];
  };
}

describe.each(fixtures.map((f) => [f.name, f] as const))("out/%s artefacts", (_name, fixture) => {
  let cluster: Cluster;
  let files: ReadonlyMap<string, string>;
  beforeAll(async () => {
    const compiled = await compileFile(fixture.file);
    cluster = compiled.cluster!;
    files = compiled.files!;
  });
  const clusterNodes = () => cluster.nodes.filter((n) => n.role === "master" || n.role === "worker");

  test("inventory.json lists every node with the model's NICs, MACs and addresses", () => {
    const inventory = JSON.parse(files.get("inventory.json")!) as Inventory;
    expect(inventory.nodes.map((n) => n.name)).toEqual(cluster.nodes.map((n) => n.name));
    for (const [i, node] of cluster.nodes.entries()) {
      expect(inventory.nodes[i]!.nics.map((nic) => [nic.network, nic.mac, nic.address])).toEqual(
        node.nics.map((nic) => [nic.network, nic.mac ?? null, nic.address ?? null]),
      );
    }
    expect(inventory.cluster).toMatchObject({ name: cluster.spec.cluster_name, api_vip: cluster.addresses.apiVip });
  });

  test("install-config-hosts.yaml: one host per master and worker, booting from the right NIC, BMC by convention", () => {
    const hosts = (parseYaml(files.get("install-config-hosts.yaml")!) as { platform: { baremetal: { hosts: Host[] } } })
      .platform.baremetal.hosts;
    const vbmc = cluster.spec.architecture === "vbmc";
    const gateway = cluster.addresses.chuckyGateway;
    expect(hosts.map((h) => [h.name, h.role])).toEqual(clusterNodes().map((n) => [n.name, n.role]));
    clusterNodes().forEach((node, i) => {
      const host = hosts[i]!;
      expect(host.bootMACAddress).toBe(node.nics.find((nic) => nic.network === (vbmc ? "provision" : "chucky"))!.mac);
      expect(host.bmc.address).toBe(
        vbmc
          ? `ipmi://${gateway}:${cluster.spec.bmc.vbmc_port_base + i}`
          : `redfish-virtualmedia+http://${gateway}:${cluster.spec.bmc.redfish_port}/redfish/v1/Systems/${node.name}`,
      );
      expect([host.bmc.username, host.bmc.password]).toEqual(["${BMC_USERNAME}", "${BMC_PASSWORD}"]);
      if (cluster.bonding) {
        const chuckyNics = node.nics.flatMap((nic, n) => (nic.network === "chucky" ? [`ens${3 + n}`] : []));
        expect(host.networkConfig!.interfaces[0]).toMatchObject({
          name: "bond0",
          type: "bond",
          "link-aggregation": { mode: "active-backup", port: chuckyNics },
        });
        expect(chuckyNics).toEqual(vbmc ? ["ens4", "ens5"] : ["ens3", "ens4"]);
      } else {
        expect(host.networkConfig).toBeUndefined();
      }
    });
  });

  test("README.md reports the spec, a Mermaid diagram, every NIC, the totals and the next commands", () => {
    const report = files.get("README.md")!;
    const changes = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(report)![1]!) as Record<string, unknown>;
    const defaults = specSchema.parse({}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(changes)) {
      expect(value).toEqual((cluster.spec as Record<string, unknown>)[key]);
      expect(value).not.toEqual(defaults[key]);
    }
    expect(report).toMatch(/```mermaid\nflowchart LR\n/);
    for (const network of cluster.networks) expect(report).toContain(`${network.libvirtName} ${network.cidr}`);
    for (const mac of cluster.nodes.flatMap((n) => n.nics.map((nic) => nic.mac)).filter(Boolean))
      expect(report).toContain(`| ${mac} |`);
    expect(report).toContain("terraform init\nterraform apply\nterraform output");
  });

  test("every new file is prettier-clean as written", async () => {
    const config = (await prettier.resolveConfig(path.join(root, "README.md"))) ?? {};
    for (const name of ["README.md", "inventory.json", "install-config-hosts.yaml"]) {
      const text = files.get(name)!;
      expect(await prettier.check(text, { ...config, filepath: path.join(fixture.outDir, name) })).toBe(true);
    }
  });
});
