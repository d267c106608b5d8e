// Every accepted fixture under real Terraform, offline, through the stand-in provider: init, validate and plan
// pass; the plan holds exactly the nodes, NICs, MACs, volumes and networks the model says; and what Terraform
// rendered into the cloud-init disks passes real cloud-init.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { compileFile, fixtures, succeeded, type Fixture } from "../helpers";
import { pool } from "../pool";
import { whenFound } from "../skip";
import {
  cloudInitAvailable,
  netConvertNetworkManager,
  netConvertRhel,
  schemaCheck,
  type Keyfiles,
} from "../cloud-init";
import { ansibleAvailable, loadLikeTheSeed } from "../ansible-loader";
import { outputsFor } from "../../generator/targets/libvirt-0.8/outputs";
import {
  plannedResources,
  runTerraform,
  terraformAvailable,
  type HarnessResult,
  type HarnessSuccess,
  type PlanResourceJson,
  type RunTerraformOptions,
} from "../../terraform-harness/src";
import { diskBytes, isClusterRole, type Cluster } from "../../generator/model/model";
import { netmask } from "../../generator/model/ip";

/** Terraform runs in parallel, a few at a time: each is mostly Node start-ups of the stand-in. */
const limited = pool(3);
const terraform = (dir: string, options: RunTerraformOptions = {}) => limited(() => runTerraform(dir, options));

const haveTerraform = await terraformAvailable();
const haveCloudInit = await cloudInitAvailable();
const { describe: describeWithTerraform } = whenFound("terraform", haveTerraform);
// Only asked (and announced) when Terraform is there: without it the whole file is skipped already.
const testWithCloudInit = haveTerraform ? whenFound("cloud-init", haveCloudInit).test : test;
const testWithAnsible = haveTerraform ? whenFound("ansible-playbook", await ansibleAvailable()).test : test;

const runs = new Map<string, Promise<HarnessResult>>();
const inventorySize = (fixture: Fixture): number => statSync(path.join(fixture.outDir, "inventory.json")).size;
const clusters = new Map<string, Promise<Cluster>>();
if (haveTerraform) {
  // Largest first (its inventory lists every node): the 128-worker fixture's flow costs as much as several others
  // together, and started last it would still run when its tests come.
  const bySize = [...fixtures].sort((a, b) => inventorySize(b) - inventorySize(a) || a.name.localeCompare(b.name));
  for (const fixture of bySize) {
    // Applied with the stand-in too: `terraform output` needs state, and the seed's playbooks read its text.
    runs.set(fixture.name, terraform(fixture.outDir, { apply: true }));
    clusters.set(
      fixture.name,
      compileFile(fixture.file).then((c) => c.cluster!),
    );
  }
}

/** The keys of a parsed file that start with one of `prefixes`, and nothing else. */
const pick = (values: Readonly<Record<string, string>>, ...prefixes: string[]): Record<string, string> =>
  Object.fromEntries(Object.entries(values).filter(([key]) => prefixes.some((prefix) => key.startsWith(prefix))));

const resource = (plan: PlanResourceJson[], address: string) => {
  const found = plan.find((r) => r.address === address);
  if (!found) throw new Error(`${address} is not in the plan`);
  return found.values!;
};

describeWithTerraform.each(fixtures.map((f) => [f.name, f] as const))("out/%s under Terraform", (name, fixture) => {
  let result: HarnessSuccess;
  let planned: PlanResourceJson[];
  let cluster: Cluster;
  // Waits for a run started when the file loaded: its own steps have time limits (the harness's), and on a busy
  // machine the whole flow of a large fixture can take longer than one test's.
  beforeAll(async () => {
    result = succeeded(await runs.get(name)!);
    planned = plannedResources(result.plan);
    cluster = await clusters.get(name)!;
  }, 600_000);

  test("init pins dmacvicar/libvirt 0.8.3 in the lock file; validate and plan pass", () => {
    expect(result.lockFile).toMatch(
      /provider "registry\.terraform\.io\/dmacvicar\/libvirt" \{\n\s+version\s+= "0\.8\.3"\n\s+constraints = "0\.8\.3"/,
    );
    expect(result.plan.errored).toBe(false);
  });

  test("plans one domain per node, each with the model's NICs, networks and MACs", () => {
    const domains = planned.filter((r) => r.type === "libvirt_domain");
    const count = (resourceName: string) => domains.filter((d) => d.name === resourceName).length;
    expect(count("master_domains")).toBe(cluster.masterCount);
    expect(count("arbiter_domains")).toBe(cluster.arbiter ? 1 : 0);
    // The worker VMs: the installed workers and the day-2 workers.
    expect(count("worker_domains")).toBe(cluster.workerVms);
    // The agent-based installer's lab has no provision VM.
    expect(count("provision_domain")).toBe(cluster.installer === "ipi" ? 1 : 0);
    expect(count("support_domain")).toBe(1);
    const network = (n: string) =>
      cluster.networks.find((net) => net.name === n)?.libvirtName ?? cluster.names.provisionNetwork;
    for (const node of cluster.nodes) {
      const domain = domains.find((d) => d.values!.name === node.name);
      expect(domain).toBeDefined();
      const nics = (domain!.values!.network_interface as { network_name: string; mac?: string }[]).map((nic) => ({
        network: nic.network_name,
        mac: nic.mac,
      }));
      expect(nics).toEqual(node.nics.map((nic) => ({ network: network(nic.network), mac: nic.mac })));
      expect(domain!.values).toMatchObject({ memory: node.memoryMiB, vcpu: node.vcpu, running: node.running });
      // UEFI: the spec's loader, and the node's own variable store from the spec's template.
      const uefi = node.firmware === "uefi";
      expect({ node: node.name, firmware: domain!.values!.firmware ?? null }).toEqual({
        node: node.name,
        firmware: uefi ? cluster.spec.uefi_loader : null,
      });
      if (uefi)
        expect(domain!.values!.nvram).toEqual([
          { file: `/var/lib/libvirt/qemu/nvram/${node.name}_VARS.fd`, template: cluster.spec.uefi_nvram_template },
        ]);
      // The OS disk, then the data disks, then the agent ISO's CD-ROM (a file, read from its volume after apply).
      expect((domain!.values!.disk as unknown[]).length).toBe(1 + node.dataDisks.length + (node.bootsAgentIso ? 1 : 0));
      if (node.bootsAgentIso) expect(domain!.values!.boot_device).toEqual([{ dev: ["hd", "cdrom"] }]);
    }
  });

  test("every bootMACAddress in install-config.yaml (agent-config.yaml's interfaces) is the MAC Terraform gives the node's NIC", () => {
    if (cluster.agent) {
      // The agent-based installer finds each host by its NICs' MACs, in the order Terraform gives the NICs.
      const agentConfig = parseYaml(readFileSync(path.join(fixture.outDir, "agent-config.yaml"), "utf8")) as {
        hosts: { hostname: string; interfaces: { macAddress: string }[] }[];
      };
      const nodes = cluster.nodes.filter((n) => isClusterRole(n.role));
      expect(agentConfig.hosts.map((h) => h.hostname)).toEqual(nodes.map((n) => n.hostname));
      for (const [i, host] of agentConfig.hosts.entries()) {
        const domain = planned.find((r) => r.type === "libvirt_domain" && r.values!.name === nodes[i]!.name);
        const nics = domain!.values!.network_interface as { mac?: string }[];
        expect(host.interfaces.map((iface) => iface.macAddress)).toEqual(nics.map((nic) => nic.mac));
      }
      return;
    }
    const config = parseYaml(readFileSync(path.join(fixture.outDir, "install-config.yaml"), "utf8")) as {
      platform: { baremetal: { hosts: { name: string; bootMACAddress: string }[] } };
    };
    const hosts = config.platform.baremetal.hosts;
    // The day-2 workers are left out; the control plane is three, or two masters with fencing.
    expect(hosts).toHaveLength(cluster.masterCount + (cluster.arbiter ? 1 : 0) + cluster.spec.number_of_workers);
    expect(hosts.map((h) => h.name)).toEqual(
      cluster.nodes.filter((n) => isClusterRole(n.role) && !n.dayTwo).map((n) => n.name),
    );
    // vbmc nodes network-boot from their first NIC, the provisioning one; redfish nodes boot virtual media and
    // the installer knows them by their first chucky NIC, which is their first NIC there too.
    for (const host of hosts) {
      const domain = planned.find((r) => r.type === "libvirt_domain" && r.values!.name === host.name);
      const nics = domain!.values!.network_interface as { mac?: string }[];
      expect(nics[0]!.mac).toBe(host.bootMACAddress);
    }
  });

  test("every planned MAC is lower case and unique across the whole plan", () => {
    const macs = planned
      .filter((r) => r.type === "libvirt_domain")
      .flatMap((d) => (d.values!.network_interface as { mac?: string }[]).map((nic) => nic.mac))
      .filter((mac): mac is string => mac !== undefined);
    expect(macs.length).toBe(cluster.nodes.flatMap((n) => n.nics).filter((nic) => nic.mac).length);
    for (const mac of macs) expect(mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(new Set(macs).size).toBe(macs.length);
  });

  test("volumes have the seed's names and sizes; the base image comes from rhel8_image_location", () => {
    expect(resource(planned, "libvirt_volume.rhel_volume")).toMatchObject({
      name: cluster.names.rhelVolume,
      source: cluster.spec.rhel8_image_location,
    });
    if (cluster.installer === "ipi")
      expect(resource(planned, "libvirt_volume.provision_volume")).toMatchObject({ size: diskBytes.provision });
    // The agent ISO, uploaded from agent.iso, with no format of its own (libvirt reads it as iso).
    if (cluster.agent)
      expect(resource(planned, "libvirt_volume.agent_iso")).toEqual(
        expect.objectContaining({ name: cluster.names.agentIsoVolume, source: cluster.agent.isoPath }),
      );
    expect(resource(planned, "libvirt_volume.support_volume")).toMatchObject({ size: diskBytes.support });
    for (const node of cluster.nodes.filter((n) => isClusterRole(n.role))) {
      expect(resource(planned, `libvirt_volume.${node.role}_volumes[${node.index}]`)).toMatchObject({
        name: node.volumeName,
        size: node.diskBytes,
      });
      node.dataDisks.forEach((disk, j) => {
        const index = node.index * node.dataDisks.length + j;
        expect(resource(planned, `libvirt_volume.${node.role}_data_volumes[${index}]`)).toMatchObject({
          name: disk.volumeName,
          size: disk.bytes,
        });
      });
    }
    const volumes = planned.filter((r) => r.type === "libvirt_volume").length;
    // The base image, then every node's disks, and the agent ISO: nothing more.
    expect(volumes).toBe(
      1 + cluster.nodes.reduce((sum, n) => sum + 1 + n.dataDisks.length, 0) + (cluster.agent ? 1 : 0),
    );
  });

  test("networks have the spec's addresses in each family and DHCP off, DNS off where IPv6; provision only for vbmc", () => {
    const networks = planned.filter((r) => r.type === "libvirt_network");
    expect(networks.map((n) => n.values!.name).sort()).toEqual(cluster.networks.map((n) => n.libvirtName).sort());
    for (const network of cluster.networks) {
      const values = networks.find((n) => n.values!.name === network.libvirtName)!.values!;
      const v6 = network.families.includes(6);
      expect(values).toMatchObject({
        addresses: network.families.map((f) => (f === 6 ? network.v6!.cidr : network.cidr)),
        mode: network.mode,
        bridge: network.bridge,
        dhcp: [{ enabled: false }],
      });
      // libvirt's DNS, and with it the dnsmasq that would advertise routes, is off on a network with IPv6 alone.
      expect({
        network: network.name,
        dns: values.dns ?? [],
        xslt: (values.xml as { xslt: string }[] | undefined) ?? [],
      }).toEqual({
        network: network.name,
        dns: v6 ? [expect.objectContaining({ enabled: false })] : [],
        xslt: v6 ? [{ xslt: expect.stringContaining('<dns enable="no"/>') }] : [],
      });
    }
  });

  test("applies, plans again with no changes, and destroys", () => {
    const flow = result.applyFlow!;
    expect(flow.apply.exitCode).toBe(0);
    expect(flow.replan.exitCode).toBe(0); // -detailed-exitcode: 0 means no changes
    expect(flow.destroy.exitCode).toBe(0);
  });

  testWithAnsible(
    "every output survives the seed's loader (terraform output, tr '=' ':', include_vars) with its value",
    async () => {
      const outputs = result.plan.planned_values!.outputs!;
      const names = Object.keys(outputs).sort();
      const expected = outputsFor({
        arbiter: cluster.arbiter,
        extraWorkers: cluster.options.extraWorkers,
        agentPlatform: cluster.agent?.platform,
      });
      expect(names).toEqual(expected.map((o) => o.name).sort());
      const { exitCode, log, loaded } = await loadLikeTheSeed(result.applyFlow!.output.stdout, names);
      if (exitCode !== 0) throw new Error(`ansible-playbook failed:\n${log}`);
      expect(loaded).toEqual(Object.fromEntries(names.map((n) => [n, outputs[n]!.value])));
    },
  );

  test("outputs carry the derived addresses for the downstream playbooks", () => {
    const outputs = result.plan.planned_values!.outputs!;
    const a = cluster.addresses;
    const want: Record<string, string> = {
      support_host_ip: a.supportHost,
      provision_host_ip: a.provisionHost,
      chucky_gateway: a.chuckyGateway,
      api_vip: a.apiVip,
      ingress_vip: a.ingressVip,
      provisioning_dhcp_start: a.provisioningDhcpStart,
      provisioning_dhcp_end: a.provisioningDhcpEnd,
    };
    // The agent lab's outputs are a subset: no provision VM or provisioning network, on platform none no VIPs.
    const present = Object.keys(want).filter((k) => k in outputs);
    if (cluster.installer === "ipi") expect(present).toEqual(Object.keys(want));
    else
      expect(present).toEqual(
        cluster.agent?.platform === "none"
          ? ["support_host_ip", "chucky_gateway"]
          : ["support_host_ip", "chucky_gateway", "api_vip", "ingress_vip"],
      );
    expect(Object.fromEntries(present.map((k) => [k, outputs[k]!.value]))).toEqual(
      Object.fromEntries(present.map((k) => [k, want[k]])),
    );
    // The control plane, the arbiter after the masters: the order the seed's vbmc playbook numbers BMC ports in.
    expect(outputs.master_names!.value).toEqual(
      cluster.nodes.filter((n) => n.role === "master" || n.role === "arbiter").map((n) => n.name),
    );
    expect(outputs.ocp_minor_version!.value).toBe(cluster.release.minor);
  });

  testWithCloudInit(
    "the user-data Terraform rendered is valid cloud-config with root's ssh key and no password",
    async () => {
      for (const disk of cluster.installer === "ipi"
        ? ["provision_cloudinit", "support_cloudinit"]
        : ["support_cloudinit"]) {
        const userData = resource(planned, `libvirt_cloudinit_disk.${disk}`).user_data as string;
        expect(userData.startsWith("#cloud-config\n")).toBe(true);
        expect(userData).toMatch(/^disable_root: false$/m);
        expect(userData).toMatch(/^ssh_pwauth: false$/m);
        expect(userData).toMatch(/^ {6}- "ssh-ed25519 [A-Za-z0-9+/=]+ [^"]*"$/m);
        const check = await schemaCheck(userData);
        expect(check.output).toContain("Valid cloud-config");
        expect(check.exitCode).toBe(0);
      }
    },
  );

  testWithCloudInit("the network configs become the right ifcfg files on RHEL", async () => {
    const a = cluster.addresses;
    const config = (disk: string) => resource(planned, `libvirt_cloudinit_disk.${disk}`).network_config as string;
    const support = await netConvertRhel(config("support_cloudinit"));
    expect(support.eth0).toMatchObject({
      BOOTPROTO: "none",
      IPADDR: a.supportHost,
      NETMASK: a.chuckyNetmask,
      GATEWAY: a.chuckyGateway,
      DNS1: cluster.spec.support_net_config_nameserver,
    });
    const a6 = cluster.addressesV6;
    // With IPv6: the same host numbers in chucky's IPv6 prefix, the hypervisor as IPv6 gateway, and the support VM
    // as a second name server, after the IPv4 one.
    const v6 = (host: string) =>
      a6
        ? {
            IPV6INIT: "yes",
            IPV6ADDR: `${host}/${a6.chuckyPrefix}`,
            IPV6_DEFAULTGW: a6.chuckyGateway,
            // Static: no address from router advertisements.
            IPV6_AUTOCONF: "no",
            IPV6_FORCE_ACCEPT_RA: "no",
            DNS2: a6.supportHost,
          }
        : {};
    // The agent-based installer's lab has the support VM alone.
    if (cluster.installer === "agent") {
      expect(pick(support.eth0!, "IPV6", "DNS2")).toEqual(v6(a6?.supportHost ?? ""));
      return;
    }
    const provision = await netConvertRhel(config("provision_cloudinit"));
    // Static, as the seed settled on: host 10, the gateway, the support VM as DNS server.
    expect(provision.chucky).toMatchObject({
      TYPE: "Bridge",
      BOOTPROTO: "none",
      IPADDR: a.provisionHost,
      NETMASK: a.chuckyNetmask,
      GATEWAY: a.chuckyGateway,
      DNS1: a.supportHost,
    });
    const chuckyPort = cluster.management.provisioning ? "eth1" : "eth0";
    expect(provision[chuckyPort]).toMatchObject({ BRIDGE: "chucky", HWADDR: cluster.spec.provision_mac });
    expect({
      support: pick(support.eth0!, "IPV6", "DNS2"),
      provision: pick(provision.chucky!, "IPV6", "DNS2"),
    }).toEqual({
      support: v6(a6?.supportHost ?? ""),
      provision: v6(a6?.provisionHost ?? ""),
    });
    if (cluster.management.provisioning) {
      expect(Object.keys(provision).sort()).toEqual(["chucky", "eth0", "eth1", "provision"]);
      expect(provision.eth0).toMatchObject({ BRIDGE: "provision" });
      // The provisioning bridge's address in the provisioning network's one family, the primary.
      expect(provision.provision).toMatchObject(
        cluster.provisioningFamily === 6
          ? { TYPE: "Bridge", IPV6ADDR: `${a6!.provisionIronic}/${a6!.provisionPrefix}` }
          : { TYPE: "Bridge", IPADDR: a.provisionIronic, NETMASK: netmask(a.provisionPrefix) },
      );
      expect(provision.provision!.IPADDR === undefined).toBe(cluster.provisioningFamily === 6);
    } else {
      expect(Object.keys(provision).sort()).toEqual(["chucky", "eth0"]);
    }
  });

  testWithCloudInit(
    "where NetworkManager renders them, each family's gateway and name servers are its own",
    async () => {
      const a = cluster.addresses;
      const a6 = cluster.addressesV6;
      const config = (disk: string) => resource(planned, `libvirt_cloudinit_disk.${disk}`).network_config as string;
      const support = (await netConvertNetworkManager(config("support_cloudinit")))["eth0"]!;
      const provision =
        cluster.installer === "ipi"
          ? (await netConvertNetworkManager(config("provision_cloudinit")))["chucky"]!
          : undefined;
      const families = (keyfile: Keyfiles[string], address: string, v6Address: string | undefined, dns: string) => ({
        ipv4: pick(keyfile["ipv4"]!, "method", "address1", "gateway", "dns"),
        ipv6: a6 ? pick(keyfile["ipv6"]!, "method", "address1", "gateway", "dns") : {},
        want: {
          ipv4: {
            method: "manual",
            address1: `${address}/${a.chuckyPrefix}`,
            gateway: a.chuckyGateway,
            dns: `${dns};`,
          },
          ipv6: a6
            ? {
                method: "manual",
                address1: `${v6Address}/${a6.chuckyPrefix}`,
                gateway: a6.chuckyGateway,
                dns: `${a6.supportHost};`,
              }
            : {},
        },
      });
      for (const { ipv4, ipv6, want } of [
        families(support, a.supportHost, a6?.supportHost, cluster.spec.support_net_config_nameserver),
        ...(provision ? [families(provision, a.provisionHost, a6?.provisionHost, a.supportHost)] : []),
      ])
        expect({ ipv4, ipv6 }).toEqual(want);
    },
  );
});
