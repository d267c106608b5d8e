// inventory.json, install-config.yaml and the cluster report, for every fixture: all from the model, so
// every MAC and address agrees with the HCL's; and each is prettier-clean as written. The installer-provisioned
// flow's install-config.yaml here; the agent-based installer's files in agent-files.test.ts.
import path from "node:path";
import * as prettier from "prettier";
import { parse as parseYaml, parseAllDocuments } from "yaml";
import { compileFile, fixtures, ipiFixtures, root } from "../../helpers";
import type { Inventory } from "../../../generator/artefacts/inventory";
import type { BaremetalInstallConfig } from "../../../generator/installer/install-config-types";
import { installerErrors } from "../../../generator/installer";
import { specSchema } from "../../../generator/input/spec";
import { isClusterRole, type Cluster } from "../../../generator/model/model";
import { dayTwoHosts } from "../../../generator/artefacts/baremetal-hosts";
import { buildInventory } from "../../../generator/artefacts/inventory";
import { compareReleases, parseRelease, releaseName } from "../../../generator/releases";

const olderThan = (cluster: Cluster, release: `4.${number}`): boolean =>
  compareReleases(cluster.release, parseRelease(release)) < 0;

interface BondConfig {
  interfaces: { name: string; type: string; "link-aggregation": { mode: string; port: string[] } }[];
}

describe.each(fixtures.map((f) => [f.name, f] as const))("out/%s artefacts", (_name, fixture) => {
  let cluster: Cluster;
  let files: ReadonlyMap<string, string>;
  beforeAll(async () => {
    const compiled = await compileFile(fixture.file);
    cluster = compiled.cluster!;
    files = compiled.files!;
  });

  test("inventory.json lists every node with the model's NICs, MACs and addresses", () => {
    const inventory = JSON.parse(files.get("inventory.json")!) as Inventory;
    expect(inventory.nodes.map((n) => n.name)).toEqual(cluster.nodes.map((n) => n.name));
    for (const [i, node] of cluster.nodes.entries()) {
      expect(inventory.nodes[i]!.nics.map((nic) => [nic.network, nic.mac, nic.address])).toEqual(
        node.nics.map((nic) => [nic.network, nic.mac ?? null, nic.address ?? null]),
      );
    }
    expect(inventory.cluster.name).toBe(cluster.spec.cluster_name);
    // The agent-based installer's platform none has no VIPs.
    expect(inventory.cluster.api_vip).toBe(cluster.agent?.platform === "none" ? undefined : cluster.addresses.apiVip);
  });

  test("install-config.yaml quotes every value, and single-quotes the placeholders so what fills them stays one string", () => {
    const text = files.get("install-config.yaml")!;
    // agent-config.yaml too, where the agent-based installer has one; platform none is an empty map.
    for (const yaml of [text, files.get("agent-config.yaml") ?? ""])
      for (const line of yaml.split("\n").filter((l) => /^\s*(- )?[A-Za-z-]+: \S/.test(l)))
        expect(line).toMatch(/: ("[^"]*"|'\$\{[A-Z_]+\}'|true|false|\d+|\{\})$|^ {4}bmcVerifyCA: \|$/);
    const filled = text.replace("'${PULL_SECRET}'", `'{"auths":{"quay.io":{"auth":"eA==","email":"a@b.c"}}}'`);
    expect((parseYaml(filled) as BaremetalInstallConfig).pullSecret).toBe(
      '{"auths":{"quay.io":{"auth":"eA==","email":"a@b.c"}}}',
    );
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
    // Each network with its prefixes, one per family it has.
    for (const network of cluster.networks)
      expect(report).toContain(
        `${network.libvirtName} ${network.families.map((f) => (f === 6 ? network.v6!.cidr : network.cidr)).join(" ")}`,
      );
    for (const mac of cluster.nodes.flatMap((n) => n.nics.map((nic) => nic.mac)).filter(Boolean))
      expect(report).toContain(`| ${mac} |`);
    // The agent-based installer's steps hold the commands in a list item, indented.
    expect(report.replace(/^ {3}/gm, "")).toContain("terraform init\nterraform apply\nterraform output");
  });

  test("every new file is prettier-clean as written", async () => {
    const config = (await prettier.resolveConfig(path.join(root, "README.md"))) ?? {};
    // Not install-config.yaml: prettier would turn its single-quoted placeholders into double-quoted ones.
    // agent-config.yaml has none.
    for (const name of ["README.md", "inventory.json", "agent-config.yaml"].filter((n) => files.has(n))) {
      const text = files.get(name)!;
      expect(await prettier.check(text, { ...config, filepath: path.join(fixture.outDir, name) })).toBe(true);
    }
  });
});

describe.each(ipiFixtures.map((f) => [f.name, f] as const))("out/%s install-config.yaml", (_name, fixture) => {
  let cluster: Cluster;
  let files: ReadonlyMap<string, string>;
  beforeAll(async () => {
    const compiled = await compileFile(fixture.file);
    cluster = compiled.cluster!;
    files = compiled.files!;
  });
  /** The nodes install-config.yaml lists: the cluster nodes but the day-2 workers. */
  const clusterNodes = () => cluster.nodes.filter((n) => isClusterRole(n.role) && !n.dayTwo);

  test("install-config.yaml: the cluster, its network and VIPs, the architecture's provisioning, every host", () => {
    const config = parseYaml(files.get("install-config.yaml")!) as BaremetalInstallConfig;
    const m = cluster.management;
    // Nodes boot from the provisioning network where there is one.
    const vbmc = m.provisioning;
    const ipmi = m.bmcDriver === "ipmi";
    const { bmc } = cluster.spec;
    const a = cluster.addresses;
    // Each family's plan, the primary first; the provisioning network has the primary family alone.
    const plan = (family: 4 | 6) => (family === 6 ? cluster.addressesV6! : a);
    const cidrOf = (network: Cluster["networks"][number], family: 4 | 6) =>
      family === 6 ? network.v6!.cidr : network.cidr;
    const primary = plan(cluster.provisioningFamily);
    // A BMC on the gateway is reached in a family the nodes have: IPv6, in brackets, where they have no IPv4.
    const gateway = cluster.families.includes(4) ? a.chuckyGateway : `[${cluster.addressesV6!.chuckyGateway}]`;
    expect(config).toMatchObject({
      apiVersion: "v1",
      baseDomain: cluster.spec.dns_zone,
      metadata: { name: cluster.spec.cluster_name },
      networking: { machineNetwork: cluster.families.map((f) => ({ cidr: cidrOf(cluster.networks[0]!, f) })) },
      compute: [{ name: "worker", replicas: cluster.spec.number_of_workers }],
      controlPlane: { name: "master", replicas: cluster.arbiter || cluster.fencing ? 2 : 3 },
      pullSecret: "${PULL_SECRET}",
      sshKey: "${SSH_PUBLIC_KEY}",
    });
    expect(config.arbiter).toEqual(cluster.arbiter ? { name: "arbiter", replicas: 1 } : undefined);
    // 4.19 has the arbiter only in the TechPreviewNoUpgrade feature set, and 4.19 to 4.21 the fencing.
    const preview =
      (cluster.arbiter && releaseName(cluster.release) === "4.19") || (cluster.fencing && olderThan(cluster, "4.22"));
    expect(config.featureSet).toBe(preview ? "TechPreviewNoUpgrade" : undefined);
    // The stream only where the spec asks for it (every fixture with one is of a release that has the field).
    expect(config.osImageStream).toBe(cluster.osImageStream);
    // Each master fences the other through its own BMC, named by the node's full DNS name.
    expect(config.controlPlane.fencing).toEqual(
      cluster.fencing
        ? {
            credentials: clusterNodes()
              .filter((node) => node.role === "master")
              .map((node) => ({
                hostName: node.hostname,
                username: "${BMC_USERNAME}",
                password: "${BMC_PASSWORD}",
                address: node.bmcAddress,
                ...(!olderThan(cluster, "4.20")
                  ? { certificateVerification: bmc.redfish_verify_certificate ? "Enabled" : "Disabled" }
                  : {}),
              })),
          }
        : undefined,
    );
    const platform = config.platform.baremetal;
    // The VIP lists came in 4.12; before it the installer knows only the singular fields.
    if (!olderThan(cluster, "4.12")) {
      expect([platform.apiVIPs, platform.ingressVIPs, platform.apiVIP]).toEqual([
        cluster.families.map((f) => plan(f).apiVip),
        cluster.families.map((f) => plan(f).ingressVip),
        undefined,
      ]);
    } else {
      expect([platform.apiVIP, platform.ingressVIP, platform.apiVIPs]).toEqual([
        primary.apiVip,
        primary.ingressVip,
        undefined,
      ]);
    }
    expect(platform.externalBridge).toBe("chucky");
    // bmc.ca_file's text as the file has it, byte for byte.
    expect(platform.bmcVerifyCA).toBe(cluster.bmcCa?.pem);
    if (vbmc) {
      expect(platform).toMatchObject({
        provisioningNetwork: m.provisioningNetwork,
        provisioningBridge: "provision",
        provisioningNetworkCIDR: cidrOf(cluster.networks[1]!, cluster.provisioningFamily),
        bootstrapProvisioningIP: primary.bootstrapProvisioningIp,
        clusterProvisioningIP: primary.clusterProvisioningIp,
      });
      // The installer's DHCP range only where it serves DHCP.
      expect(platform.provisioningDHCPRange).toBe(
        m.provisioningNetwork === "Managed"
          ? `${primary.provisioningDhcpStart},${primary.provisioningDhcpEnd}`
          : undefined,
      );
    } else {
      expect(platform.provisioningNetwork).toBe("Disabled");
      for (const key of ["provisioningBridge", "provisioningNetworkCIDR", "provisioningDHCPRange"] as const)
        expect(platform[key]).toBeUndefined();
    }
    const hosts = platform.hosts;
    expect(hosts.map((h) => [h.name, h.role])).toEqual(clusterNodes().map((n) => [n.name, n.role]));
    clusterNodes().forEach((node, i) => {
      const host = hosts[i]!;
      expect(host.bootMACAddress).toBe(node.nics.find((nic) => nic.network === (vbmc ? "provision" : "chucky"))!.mac);
      // The boot mode is the VM's firmware, and RHCOS goes to its first virtio disk, whatever data disks follow.
      expect([host.bootMode, host.rootDeviceHints]).toEqual([
        node.firmware === "uefi" ? "UEFI" : "legacy",
        { deviceName: "/dev/vda" },
      ]);
      expect(host.bmc).toEqual(
        ipmi
          ? {
              address: `ipmi://${gateway}:${bmc.vbmc_port_base + i}`,
              username: "${BMC_USERNAME}",
              password: "${BMC_PASSWORD}",
            }
          : {
              address: `${cluster.spec.bmc_driver ?? bmc.redfish_scheme}://${bmc.redfish_host ?? gateway}:${bmc.redfish_port}/redfish/v1/Systems/${node.name}`,
              username: "${BMC_USERNAME}",
              password: "${BMC_PASSWORD}",
              // A CA to verify the emulator with means verifying it.
              disableCertificateVerification: !bmc.redfish_verify_certificate && bmc.ca_file === undefined,
            },
      );
      if (cluster.bonding) {
        const chuckyNics = node.nics.flatMap((nic, n) => (nic.network === "chucky" ? [`ens${3 + n}`] : []));
        expect((host.networkConfig as BondConfig).interfaces[0]).toMatchObject({
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

  test("passes the installer's own rules for its OpenShift version", () => {
    const config = parseYaml(files.get("install-config.yaml")!) as BaremetalInstallConfig;
    expect(installerErrors(config, cluster.release)).toEqual([]);
  });
});

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string };
  type?: string;
  stringData?: Record<string, string>;
  spec?: {
    online: boolean;
    bootMACAddress: string;
    bootMode: string;
    bmc: { address: string; credentialsName: string; disableCertificateVerification?: boolean };
    rootDeviceHints: { deviceName: string };
    preprovisioningNetworkDataName?: string;
  };
}

const withDayTwo = fixtures.filter((f) => f.name === "extra-workers");

describe.each(withDayTwo.map((f) => [f.name, f] as const))("out/%s extra-workers.yaml", (_name, fixture) => {
  let cluster: Cluster;
  let manifests: Manifest[];
  beforeAll(async () => {
    const compiled = await compileFile(fixture.file);
    cluster = compiled.cluster!;
    manifests = parseAllDocuments(compiled.files!.get("extra-workers.yaml")!).map((d) => d.toJS() as Manifest);
  });

  test("one BareMetalHost per day-2 worker, with the model's boot MAC, BMC, boot mode and root disk", () => {
    const dayTwo = cluster.nodes.filter((n) => n.dayTwo);
    const hosts = manifests.filter((m) => m.kind === "BareMetalHost");
    expect(dayTwo.length).toBe(cluster.spec.extra_workers);
    expect(hosts.map((h) => h.metadata)).toEqual(
      dayTwo.map((n) => ({ name: n.name, namespace: "openshift-machine-api" })),
    );
    const vbmc = cluster.management.provisioning;
    dayTwo.forEach((node, i) => {
      const spec = hosts[i]!.spec!;
      expect(spec.bootMACAddress).toBe(node.nics.find((nic) => nic.network === (vbmc ? "provision" : "chucky"))!.mac);
      expect(spec.bmc.address).toBe(node.bmcAddress);
      // BMC ports continue after the installed nodes': 3 control-plane slots, then the workers.
      if (cluster.management.bmcDriver === "ipmi")
        expect(spec.bmc.address).toBe(
          `ipmi://${cluster.addresses.chuckyGateway}:${cluster.spec.bmc.vbmc_port_base + 3 + node.index}`,
        );
      expect([spec.online, spec.bootMode, spec.rootDeviceHints]).toEqual([
        true,
        node.firmware === "uefi" ? "UEFI" : "legacy",
        { deviceName: "/dev/vda" },
      ]);
    });
  });

  test("each host's Secrets exist, before it, with placeholders for the BMC credentials", () => {
    const names = manifests.map((m) => `${m.kind}/${m.metadata.name}`);
    for (const host of manifests.filter((m) => m.kind === "BareMetalHost")) {
      const secrets = [host.spec!.bmc.credentialsName, host.spec!.preprovisioningNetworkDataName].filter(Boolean);
      for (const secret of secrets)
        expect(names.indexOf(`Secret/${secret}`)).toBeLessThan(names.indexOf(`BareMetalHost/${host.metadata.name}`));
      const credentials = manifests.find((m) => m.metadata.name === host.spec!.bmc.credentialsName)!;
      expect(credentials.stringData).toEqual({ username: "${BMC_USERNAME}", password: "${BMC_PASSWORD}" });
      expect(Boolean(host.spec!.preprovisioningNetworkDataName)).toBe(cluster.bonding);
    }
  });

  test("the day-2 hosts pass the installer's rules together with install-config.yaml's", async () => {
    const compiled = await compileFile(fixture.file);
    const config = parseYaml(compiled.files!.get("install-config.yaml")!) as BaremetalInstallConfig;
    const inventory = buildInventory(cluster);
    const hosts = [
      ...config.platform.baremetal.hosts,
      ...dayTwoHosts(inventory, cluster.release, cluster.verifyBmcCertificate),
    ];
    expect(hosts.length).toBe(cluster.spec.number_of_workers + 3 + cluster.spec.extra_workers!);
    expect(
      installerErrors({ ...config, platform: { baremetal: { ...config.platform.baremetal, hosts } } }, cluster.release),
    ).toEqual([]);
  });
});

test("only a spec with extra_workers gets extra-workers.yaml", async () => {
  for (const fixture of fixtures) {
    const compiled = await compileFile(fixture.file);
    expect({ fixture: fixture.name, has: compiled.files!.has("extra-workers.yaml") }).toEqual({
      fixture: fixture.name,
      has: compiled.cluster!.spec.extra_workers !== undefined,
    });
  }
});
