// Rules over the model, including those no spec can break today (the fixed host numbers guarantee them), fed a
// model altered by hand so that each is seen to fire.
import { validate } from "../../../generator/spec/validate";
import { buildCluster, type Cluster } from "../../../generator/model/model";
import { addressesRule } from "../../../generator/rules/addresses";
import { namesRule } from "../../../generator/rules/names";
import { capacityRule } from "../../../generator/rules/capacity";
import { clusterTotals } from "../../../generator/model/totals";
import { hostKeyRule } from "../../../generator/rules/safety";
import { compile } from "../../../generator/compile";

function cluster(raw: object = {}): Cluster {
  const result = validate(raw);
  if (!result.ok) throw new Error(JSON.stringify(result.findings));
  return buildCluster(result.spec);
}

test("the default cluster needs 144 GiB of RAM, printed as a note when no hypervisor is given", () => {
  const c = cluster();
  expect(clusterTotals(c)).toEqual({ memoryGiB: 144, vcpus: 32, diskGiB: 890 });
  const [note] = capacityRule.check(c);
  expect(note).toMatchObject({
    severity: "note",
    message: expect.stringContaining("the VMs need 144 GiB of memory, 32 vCPUs and 890 GiB"),
  });
});

test("a hypervisor that is too small: one error per short resource, with totals and shortfall", () => {
  const findings = capacityRule.check(
    cluster({ hypervisor: { memory_gib: 128, vcpus: 8, disk_gib: 1000, cpu_overcommit: 2 } }),
  );
  expect(findings.map((f) => [f.path.join("."), f.message.split(" (")[0]])).toEqual([
    ["hypervisor.memory_gib", "the VMs need 144 GiB of memory but the hypervisor offers 128: 16 short"],
    ["hypervisor.vcpus", "the VMs need 32 vCPUs but the hypervisor offers 16: 16 short"],
  ]);
  expect(
    capacityRule.check(cluster({ hypervisor: { memory_gib: 96, vcpus: 32, disk_gib: 1000, memory_overcommit: 1.5 } })),
  ).toEqual([]);
});

test("derived addresses: outside the network (the first one named), coinciding, or in a DHCP range", () => {
  const c = cluster();
  expect(addressesRule.check(c)).toEqual([]);
  const broken = {
    ...c,
    addresses: {
      ...c.addresses,
      apiVip: "192.168.30.255",
      ingressVip: "10.0.0.1",
      supportHost: c.addresses.chuckyGateway,
      provisionIronic: "192.168.14.50",
    },
  };
  const messages = addressesRule.check(broken).map((f) => f.message);
  expect(messages).toEqual([
    "the API VIP would be 192.168.30.255, which is not a usable host address of 192.168.30.0/24",
    "the support VM and the chucky gateway are both 192.168.30.1",
    "the provision VM's provisioning address (192.168.14.50) lies in the DHCP range 192.168.14.20-192.168.14.100",
  ]);
});

test.each([
  // [workers, chucky network, the finding, or none]
  [49, "192.168.30.0/24", undefined],
  [81, "192.168.30.0/24", undefined],
  [128, "192.168.30.0/24", undefined],
  [66, "192.168.30.0/25", undefined],
  [
    67,
    "192.168.30.0/25",
    "the ingress VIP would be 192.168.30.127, which is not a usable host address of 192.168.30.0/25",
  ],
  [
    100,
    "192.168.30.0/25",
    "bmipi-worker97 would be 192.168.30.127, which is not a usable host address of 192.168.30.0/25",
  ],
])("%i workers on %s: %s", (workers, chucky, message) => {
  const findings = addressesRule.check(cluster({ number_of_workers: workers, chucky_net_addr: chucky }));
  expect(findings.map((f) => f.message)).toEqual(message ? [message] : []);
  if (message)
    expect(findings[0]).toMatchObject({ path: ["chucky_net_addr"], fix: expect.stringContaining("fewer workers") });
});

test("names: a prefix keeps clusters apart; a repeated libvirt name is an error", () => {
  const prefixed = cluster({ name_prefix: "lab1-" });
  expect(prefixed.nodes.map((n) => n.name).slice(0, 3)).toEqual([
    "lab1-provision",
    "lab1-support",
    "lab1-bmipi-master0",
  ]);
  expect(prefixed.networks.map((n) => n.bridge)).toEqual(["lab1-chucky", "lab1-provision"]);
  expect(namesRule.check(prefixed)).toEqual([]);
  const clash = { ...prefixed, nodes: [...prefixed.nodes, { ...prefixed.nodes[2]! }] };
  expect(namesRule.check(clash).map((f) => f.message)).toEqual([
    "gives two libvirt domains the name lab1-bmipi-master0",
    "gives two libvirt volumes the name lab1-master0.qcow2",
  ]);
});

test("host keys: remote_state warns by default; an explicit ssh URI verifies by default; a local URI has none", () => {
  expect(hostKeyRule.check(cluster())).toHaveLength(1);
  expect(hostKeyRule.check(cluster({ connection: { mode: "uri", uri: "qemu+ssh://root@kvm/system" } }))).toEqual([]);
  expect(
    hostKeyRule.check(cluster({ connection: { mode: "uri", uri: "qemu:///system", verify_host_key: false } })),
  ).toEqual([]);
});

test("--strict turns warnings into errors and writes nothing; notes stay notes", () => {
  const lax = compile({}, "x.json");
  expect(lax.files).toBeDefined();
  const strict = compile({}, "x.json", { strict: true });
  expect(strict.files).toBeUndefined();
  expect(strict.findings.map((f) => f.severity)).toEqual(["error", "note"]);
});

test("the keys __proto__ and constructor are unknown keys, and nothing is polluted", () => {
  const result = validate(JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}'));
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.findings.map((f) => f.path)).toEqual([["__proto__"], ["constructor"]]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

test.each([
  // given domain_type and cpu_mode → want the cpu_mode input-vars.tf defaults to, or the error's path
  [{}, "host-passthrough"],
  [{ domain_type: "kvm" }, "host-passthrough"],
  [{ domain_type: "qemu" }, "host-model"],
  [{ domain_type: "qemu", cpu_mode: "none" }, "none"],
  [{ domain_type: "kvm", cpu_mode: "host-model" }, "host-model"],
  [{ domain_type: "qemu", cpu_mode: "host-passthrough" }, "error at cpu_mode"],
])("domain_type and cpu_mode: %j → %s", (spec, want) => {
  const result = compile(spec, "x.json");
  const errors = result.findings.filter((f) => f.severity === "error");
  if (want.startsWith("error")) {
    expect(errors.map((f) => `error at ${f.path.join(".")}`)).toEqual([want]);
    expect(result.files).toBeUndefined();
    return;
  }
  expect(errors).toEqual([]);
  const inputVars = result.files?.get("input-vars.tf") ?? "";
  const cpuMode = /^variable "cpu_mode" \{[\s\S]*?^\s*default\s*=\s*"([^"]+)"/m.exec(inputVars)?.[1];
  expect(cpuMode).toBe(want);
});
