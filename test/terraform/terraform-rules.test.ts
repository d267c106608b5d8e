// The rules gen-infra enforces hold again when Terraform runs: a -var override that breaks one fails the plan
// with the rule's message, and a configuration that breaks the provider's schema fails validate.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eachVariant, fixtures, flat, scratchPrefix } from "../helpers";
import { whenFound } from "../skip";
import {
  plannedResources,
  runTerraform,
  runTerraformVariants,
  terraformAvailable,
  type HarnessResult,
} from "../../terraform-harness/src";
import { pool } from "../pool";

const haveTerraform = await terraformAvailable();
const { test: testWithTerraform } = whenFound("terraform", haveTerraform);

const limited = pool(2);

const outDir = (name: string) => fixtures.find((f) => f.name === name)!.outDir;

/** The canonical-form rule's words, which gen-infra's finding and the plan's validation share. */
const canonicalV6 =
  "must be an IPv6 network written as Terraform writes it: lower case, no leading zeros in a group, the longest run of two or more zero groups as ::, and no host bits";

/** [what, -var overrides, the message the plan must fail with, the fixture's output (default: out/default)] */
const broken: [string, Record<string, string>, string, string?][] = [
  ["number_of_workers=200", { number_of_workers: "200" }, "number_of_workers must be a whole number from 0 to 128."],
  ["architecture=ipmi", { architecture: "ipmi" }, 'architecture must be "vbmc" or "redfish".'],
  [
    "a malformed MAC base",
    { master_chucky_mac_base: "52:54:00:A9:6D:7" },
    "master_chucky_mac_base must be the first 11 lower-case hex digits of a unicast MAC",
  ],
  [
    "a multicast provision_mac",
    { provision_mac: "53:54:00:9d:41:3c" },
    "provision_mac must be a unicast lower-case MAC address",
  ],
  [
    "memory below 1 GiB",
    { worker_resources: '{"memory":512,"vcpu":4}' },
    "worker_resources.memory must be a whole number of MiB from 1024",
  ],
  [
    "a /26 chucky network",
    { chucky_net_addr: "192.168.30.0/26" },
    "chucky_net_addr is too small: the ingress VIP is host 110, which needs a /25 or larger network.",
  ],
  [
    "host bits",
    { provision_net_addr: "192.168.14.7/24" },
    "provision_net_addr has host bits set: a network address must end in zero bits.",
  ],
  [
    "overlapping networks",
    { provision_net_addr: "192.168.30.128/25" },
    "Networks must not overlap: chucky 192.168.30.0/24 and provision 192.168.30.128/25.",
  ],
  [
    "libvirt's default network",
    { chucky_net_addr: "192.168.122.0/24" },
    "Networks must not overlap: chucky 192.168.122.0/24 and existing network 192.168.122.0/24.",
  ],
  [
    "113 workers on the default MAC bases",
    { number_of_workers: "113" },
    "Every NIC needs its own MAC, but 52:54:00:a9:6d:70 would be used more than once",
  ],
  ["an invalid cluster_name", { cluster_name: "Not_A_Label" }, "cluster_name must be a DNS label"],
  [
    "an invalid ocp_version",
    { ocp_version: "4.x" },
    "ocp_version must be a released OpenShift version, major.minor.patch, of 4.0 to 4.22, or 5.0, such as 4.20.3",
  ],
  ["a release past the newest known", { ocp_version: "5.1.0" }, "a newer release's installer is not known"],
  ["a pre-release", { ocp_version: "5.0.0-ec.2" }, "pre-releases such as 5.0.0-ec.2 are not taken"],
  [
    "more workers than the hypervisor holds",
    { number_of_workers: "3" },
    "The VMs need 144 GiB of memory but the hypervisor offers 128: 16 short.",
    "kvm-host",
  ],
  [
    "bigger VMs than the hypervisor holds",
    { master_resources: '{"memory":16384,"vcpu":16}' },
    "The VMs need 56 vCPUs but the hypervisor offers 32: 24 short.",
    "kvm-host",
  ],
  // The node options: their variables, and the release each needs.
  ["firmware=efi", { firmware: "efi" }, 'firmware must be "bios" or "uefi".', "uefi"],
  ["a relative UEFI loader", { uefi_loader: "OVMF_CODE.fd" }, "uefi_loader must be an absolute file path", "uefi"],
  [
    "UEFI on 4.5",
    { ocp_version: "4.5.1" },
    "firmware: UEFI firmware needs the hosts' bootMode, which OpenShift has from 4.6, but ocp_version is 4.5.1.",
    "uefi",
  ],
  [
    "an OS disk of 0 GiB",
    { worker_disks: '{"os_gib":0,"extra_gib":[]}' },
    "disks.worker.os_gib must be a whole number of GiB from 1 to 65536.",
    "disks",
  ],
  [
    "nine data disks",
    { worker_disks: '{"os_gib":120,"extra_gib":[1,1,1,1,1,1,1,1,1]}' },
    "disks.worker.extra_gib must be a list of at most 8 whole numbers of GiB from 1 to 65536.",
    "disks",
  ],
  [
    "another number of data disks than the spec's",
    { worker_disks: '{"os_gib":200,"extra_gib":[100,50,10]}' },
    "disks.worker.extra_gib has 3 data disks, but this configuration was written for 2: another number would renumber the workers' data volumes and re-create them empty.",
    "disks",
  ],
  [
    "data disks on 4.5",
    { ocp_version: "4.5.1" },
    "disks.worker.extra_gib: data disks need the hosts' rootDeviceHints (to keep RHCOS on the OS disk), which OpenShift has from 4.6, but ocp_version is 4.5.1.",
    "disks",
  ],
  [
    "an arbiter on 4.18",
    { ocp_version: "4.18.3" },
    "arbiter: an arbiter needs the installer's arbiter role, which OpenShift has from 4.19, but ocp_version is 4.18.3.",
    "arbiter",
  ],
  [
    "an arbiter of 512 MiB",
    { arbiter_resources: '{"memory":512,"vcpu":2}' },
    "arbiter.memory must be a whole number of MiB from 1024",
    "arbiter",
  ],
  [
    "fencing on 4.18",
    { ocp_version: "4.18.3" },
    "control_plane: a two-node control plane with fencing needs the installer's controlPlane.fencing, which OpenShift has from 4.19, but ocp_version is 4.18.3.",
    "tnf",
  ],
  [
    "fencing behind vbmc",
    { architecture: "vbmc" },
    "architecture vbmc: a two-node control plane with fencing needs Redfish BMCs.",
    "tnf",
  ],
  ["extra_workers=-1", { extra_workers: "-1" }, "extra_workers must be a whole number from 0 to 128.", "extra-workers"],
  // The provisioning network and the BMC driver.
  [
    "ipmi with the provisioning network disabled",
    { provisioning_network: "Disabled" },
    "bmc_driver ipmi with provisioning_network Disabled: the installer refuses it (driver ipmi requires provisioning network).",
    "provisioning-managed-ipmi",
  ],
  [
    "network-booted redfish with the provisioning network disabled",
    { provisioning_network: "Disabled" },
    "bmc_driver redfish with provisioning_network Disabled: the installer refuses it (driver redfish requires provisioning network).",
    "provisioning-unmanaged-redfish",
  ],
  [
    "an architecture that contradicts the driver",
    { architecture: "redfish" },
    "architecture redfish contradicts bmc_driver ipmi: vbmc is the ipmi driver, redfish the Redfish ones.",
    "provisioning-unmanaged-ipmi",
  ],
  [
    "bmc_driver=idrac",
    { bmc_driver: "idrac" },
    'bmc_driver must be "ipmi", "redfish", "redfish-virtualmedia".',
    "provisioning-managed-redfish-virtualmedia",
  ],
  [
    "provisioning_network=managed",
    { provisioning_network: "managed" },
    'provisioning_network must be "Managed", "Unmanaged", "Disabled".',
    "provisioning-disabled-redfish-virtualmedia",
  ],
  [
    "129 worker VMs",
    { extra_workers: "127" },
    "number_of_workers + extra_workers is 129; the workers' plans hold 128.",
    "extra-workers",
  ],
  // The IPv6 prefixes, declared where the stack has IPv6: dual-stack-v6v4 declares both.
  [
    "IPv4 in an IPv6 prefix",
    { chucky_net_addr_v6: "192.168.30.0/24" },
    "chucky_net_addr_v6 must be an IPv6 network in CIDR notation such as fd00:30::/64.",
    "dual-stack-v6v4",
  ],
  [
    "a malformed IPv6 prefix",
    { chucky_net_addr_v6: "fd00:30:::/64" },
    `chucky_net_addr_v6 ${canonicalV6}.`,
    "dual-stack-v6v4",
  ],
  [
    "an IPv6 prefix with a zero group written out",
    { chucky_net_addr_v6: "fd00:30:0::/64" },
    `chucky_net_addr_v6 ${canonicalV6}.`,
    "dual-stack-v6v4",
  ],
  [
    "an IPv6 prefix with host bits",
    { provision_net_addr_v6: "fd00:14::5/64" },
    `provision_net_addr_v6 ${canonicalV6}.`,
    "dual-stack-v6v4",
  ],
  [
    "an IPv4-mapped prefix, which Terraform reads as IPv4",
    { provision_net_addr_v6: "::ffff:0:0/96" },
    `provision_net_addr_v6 ${canonicalV6}.`,
    "dual-stack-v6v4",
  ],
  [
    "a /122 chucky IPv6 prefix",
    { chucky_net_addr_v6: "fd00:30::/122" },
    "chucky_net_addr_v6 is too small: the ingress VIP is host 110, which needs a /121 or larger network.",
    "dual-stack-v6v4",
  ],
  [
    "a /121 chucky IPv6 prefix with 80 workers",
    { chucky_net_addr_v6: "fd00:30::/121", number_of_workers: "80" },
    "chucky_net_addr_v6 fd00:30::/121 cannot hold 80 workers: the ingress VIP would be host 140. Use a larger network or fewer workers.",
    "ipv6-120",
  ],
  [
    "a /121 provisioning IPv6 prefix with 110 workers",
    { provision_net_addr_v6: "fd00:14::/121", number_of_workers: "110", chucky_net_addr_v6: "fd00:30::/64" },
    "provision_net_addr_v6 fd00:14::/121 cannot hold 110 workers: the provisioning DHCP range would end at host 133. Use a larger network or fewer workers.",
    "ipv6-120",
  ],
  // The hypervisor type, and the CPU mode libvirt refuses under software emulation (monaco keeps the seed's).
  ["domain_type=xen", { domain_type: "xen" }, 'domain_type must be "kvm" or "qemu".', "monaco"],
  [
    "domain_type=qemu with the seed's host-passthrough",
    { domain_type: "qemu" },
    "domain_type qemu (software emulation) cannot start a VM with cpu_mode host-passthrough: libvirt passes no host CPU through to an emulated domain; use -var domain_type=qemu with -var cpu_mode=host-model (or none), or -var domain_type=kvm.",
    "monaco",
  ],
];

const runs = new Map<string, Promise<HarnessResult>>();
let brokenSchema: Promise<HarnessResult> | undefined;
let bondingOnOldRelease: Promise<HarnessResult> | undefined;
let emulated: Promise<HarnessResult> | undefined;
// Made at load time, when the runs start, so it is removed in afterAll rather than by the test that reads it.
let brokenScratch: string | undefined;
/** A bonding lab written for 4.12, planned as written and for the releases on either side of the bonding gate. */
const releaseOverrides: Record<string, Record<string, string>> = {
  "as written": {},
  "5.0.1": { ocp_version: "5.0.1" },
  "4.9.5": { ocp_version: "4.9.5" },
};
/**
 * Every -var set one fixture is planned with, through one init and one validate (runTerraformVariants): the
 * results come back in the order given, each as runTerraform would give it.
 */
function planEach(fixture: string, sets: readonly Record<string, string>[]): Promise<HarnessResult>[] {
  return eachVariant(
    limited(() => runTerraformVariants(outDir(fixture), sets)),
    sets.length,
  );
}

if (haveTerraform) {
  // Grouped by fixture, in the order the tests read them; two fixtures at a time, each two plans at a time.
  const byFixture = new Map<string, { names: string[]; sets: Record<string, string>[] }>();
  const add = (fixture: string, name: string, vars: Record<string, string>) => {
    const group = byFixture.get(fixture) ?? { names: [], sets: [] };
    group.names.push(name);
    group.sets.push(vars);
    byFixture.set(fixture, group);
  };
  for (const [name, vars, , fixture] of broken) add(fixture ?? "default", name, vars);
  add("default", "bonding on an old release", { bonding_nic: "true" });
  add("monaco", "emulated", { domain_type: "qemu", cpu_mode: "host-model" });
  for (const [name, vars] of Object.entries(releaseOverrides)) add("bonding-4.12", name, vars);
  for (const [fixture, { names, sets }] of byFixture) {
    const results = planEach(fixture, sets);
    names.forEach((name, i) => runs.set(name, results[i]!));
  }
  bondingOnOldRelease = runs.get("bonding on an old release");
  emulated = runs.get("emulated");
  brokenSchema = (async () => {
    brokenScratch = await mkdtemp(path.join(tmpdir(), `${scratchPrefix}broken-`));
    const dir = path.join(brokenScratch, "out");
    await cp(outDir("default"), dir, { recursive: true });
    const file = path.join(dir, "libvirt.tf");
    const text = await readFile(file, "utf8");
    await writeFile(
      file,
      text.replace(
        "  running   = true\n  cloudinit = libvirt_cloudinit_disk.support_cloudinit.id\n",
        "  running   = true\n  cloudinit = libvirt_cloudinit_disk.support_cloudinit.id\n  bogus_attr = 1\n",
      ),
    );
    return limited(() => runTerraform(dir));
  })();
}

afterAll(async () => {
  // Every run is awaited first: a run still copying into the folder would recreate what rm removed.
  await Promise.allSettled([...runs.values(), bondingOnOldRelease, emulated, brokenSchema]);
  if (brokenScratch) await rm(brokenScratch, { recursive: true, force: true });
});

testWithTerraform.each(broken)("-var %s fails the plan with the rule's message", async (name, _vars, message) => {
  const result = await runs.get(name)!;
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.step).toBe("plan");
  expect(flat(result.diagnostics)).toContain(message);
});

testWithTerraform(
  "the pair docs/day-two.md gives, -var domain_type=qemu -var cpu_mode=host-model, plans every VM emulated",
  async () => {
    const result = await emulated!;
    if (!result.ok) throw new Error(result.diagnostics);
    const domains = plannedResources(result.plan).filter((r) => r.type === "libvirt_domain");
    expect(domains.length).toBeGreaterThan(0);
    for (const domain of domains) {
      expect(domain.values).toMatchObject({ type: "qemu", cpu: [{ mode: "host-model" }] });
    }
  },
);

testWithTerraform(
  "bonding on a release before 4.10 plans, with Terraform's warning saying no bond is built",
  async () => {
    const result = await bondingOnOldRelease!;
    if (!result.ok) throw new Error(result.diagnostics);
    const plan = result.steps.find((s) => s.step === "plan")!;
    expect(flat(plan.stdout + plan.stderr)).toContain(
      "bonding_nic is true but OpenShift 4.9.5 is older than 4.10: no bond will be built.",
    );
  },
);

/** What a plan builds and says, but the outputs that repeat ocp_version. */
function planOf(result: HarnessResult) {
  if (!result.ok) throw new Error(result.diagnostics);
  const { ocp_version, ocp_minor_version, ...outputs } = result.plan.planned_values?.outputs ?? {};
  const nics = Object.fromEntries(
    plannedResources(result.plan)
      .filter((r) => r.type === "libvirt_domain")
      .map((r) => [r.address, (r.values?.network_interface as unknown[]).length]),
  );
  return {
    version: [ocp_version?.value, ocp_minor_version?.value],
    outputs,
    resources: plannedResources(result.plan),
    nics,
  };
}

testWithTerraform(
  "-var ocp_version=5.0.1 plans a 5.x lab as 4.12's, bond included; 4.9.5 plans it without the bond, with the warning",
  async () => {
    const written = planOf(await runs.get("as written")!);
    const five = planOf(await runs.get("5.0.1")!);
    const old = await runs.get("4.9.5")!;
    const nine = planOf(old);
    expect([written.version, five.version, nine.version]).toEqual([
      ["4.12.3", 12],
      ["5.0.1", 0],
      ["4.9.5", 9],
    ]);
    // 5.x has every behaviour of 4.x the lab gates on: the same resources and values to the byte.
    expect({ outputs: five.outputs, resources: five.resources }).toEqual({
      outputs: written.outputs,
      resources: written.resources,
    });
    // Before 4.10 each node loses its bond NIC, the service VMs keep theirs, and the plan warns.
    const node = (address: string) => /^libvirt_domain\.(master|worker)_domains\[/.test(address);
    expect(nine.nics).toEqual(
      Object.fromEntries(Object.entries(written.nics).map(([address, n]) => [address, node(address) ? n - 1 : n])),
    );
    if (!old.ok) return;
    const plan = old.steps.find((s) => s.step === "plan")!;
    expect(flat(plan.stdout + plan.stderr)).toContain(
      "bonding_nic is true but OpenShift 4.9.5 is older than 4.10: no bond will be built.",
    );
  },
);

testWithTerraform("the harness catches an attribute the provider does not have, at validate", async () => {
  const result = await brokenSchema!;
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.step).toBe("validate");
  expect(flat(result.diagnostics)).toContain('An argument named "bogus_attr" is not expected here.');
});
