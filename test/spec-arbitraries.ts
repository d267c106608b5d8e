// Random specs for the property tests: values drawn mostly from what the schema allows, sometimes from anything at
// all, with hostile strings, hypervisor sizes, both connection modes and BMC ports. Shared by the unit tier's
// property and the Terraform tier's sample.
import fc from "fast-check";

const hex = (digits: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${digits}}$`));
/** Mostly `usual`, now and then `unusual`: each field's rare values must not make accepted specs rare. */
const mostly = <T, U>(usual: fc.Arbitrary<T>, unusual: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 9, arbitrary: usual }, { weight: 1, arbitrary: unusual });
const octet = fc.integer({ min: 0, max: 255 });
const unicastFirst = fc.integer({ min: 0, max: 127 }).map((n) => (n * 2).toString(16).padStart(2, "0"));
const cidr = fc
  .tuple(octet, octet, octet, mostly(fc.integer({ min: 16, max: 24 }), fc.integer({ min: 25, max: 26 })), fc.boolean())
  .map(
    ([a, b, c, prefix, hostBits]) => `${a}.${b}.${prefix >= 24 ? c : 0}.${hostBits && prefix > 24 ? 7 : 0}/${prefix}`,
  );
const macBase = (lastDigits: number) =>
  fc
    .tuple(unicastFirst, fc.array(hex(2), { minLength: 4, maxLength: 4 }), hex(lastDigits))
    .map(([first, middle, last]) => `${[first, ...middle].join(":")}:${last}`);
const resources = fc.record(
  {
    memory: fc.oneof(fc.integer({ min: 512, max: 65536 }), fc.integer({ min: 1024, max: 65536 }).map(String)),
    vcpu: fc.integer({ min: 0, max: 64 }),
  },
  { requiredKeys: [] },
);
const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?$/);

// Text that breaks naive quoting: HCL's string escapes and template sequences, YAML and JSON specials, control
// characters, non-ASCII (including a lone surrogate and a right-to-left override), and sheer length.
const hostileFragments = [
  '"',
  "\\",
  "${",
  "%{",
  "$${",
  "%%{",
  "}",
  "${var.x}",
  "%{ if true }x%{ endif }",
  "\n",
  "\r\n",
  "\t",
  "\u0000",
  "\u0007",
  "\u001b[31m",
  "\u007f",
  "\u0085",
  "\u2028",
  "é",
  "日本",
  "😀",
  "\u202e",
  "\ud800",
  "'",
  "#",
  "//",
  "/*",
  "<<EOT",
  " ",
];
const hostile = fc.oneof(
  fc
    .array(fc.oneof(fc.constantFrom(...hostileFragments), fc.string({ unit: "binary", maxLength: 4 })), {
      minLength: 1,
      maxLength: 8,
    })
    .map((parts) => parts.join("")),
  fc
    .tuple(fc.constantFrom(...hostileFragments, "a", "/x"), fc.integer({ min: 1_000, max: 20_000 }))
    .map(([fragment, length]) => fragment.repeat(Math.ceil(length / fragment.length))),
);

/** File paths and URLs, ordinary and hostile: paths land in HCL strings, comments and the generated README. */
const filePath = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom("rhel8.qcow2", "../images/rhel-8.9.qcow2", "/var/lib/libvirt/images/r.qcow2"),
  },
  { weight: 2, arbitrary: fc.constantFrom("~/.ssh/id_ed25519", "keys/id_rsa", "https://example.com/rhel8.qcow2?x=1") },
  { weight: 3, arbitrary: fc.array(hostile, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("/")) },
  { weight: 1, arbitrary: hostile },
);

/** Values drawn mostly from what the schema allows, sometimes from anything at all or from hostile text. */
const plausible = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof(
    { arbitrary: valid, weight: 80 },
    { arbitrary: fc.anything(), weight: 1 },
    { arbitrary: hostile, weight: 1 },
  );

// Hypervisor sizes: mostly roomy enough for the VMs, so that some specs pass the capacity check, plus fractions,
// edges and absurd magnitudes. The property below holds whatever bounds the schema sets on them.
const size = (roomy: fc.Arbitrary<number>) =>
  fc.oneof(
    { weight: 30, arbitrary: roomy },
    { weight: 3, arbitrary: fc.double({ min: 0.001, max: 100_000, noNaN: true }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(0, -1, -0, 144.047, 0.1, 1e-300, 1e308, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER),
    },
    { weight: 1, arbitrary: fc.constantFrom("128", "1e3", null, true) },
  );
const ratio = fc.oneof(
  { weight: 20, arbitrary: fc.double({ min: 1, max: 64, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 0.5, 64.000001, 65, 1e308, "2") },
);
const hypervisor = fc.record(
  {
    memory_gib: size(fc.integer({ min: 128, max: 16_384 })),
    vcpus: size(fc.integer({ min: 32, max: 2_048 })),
    disk_gib: size(fc.integer({ min: 1_000, max: 200_000 })),
    memory_overcommit: ratio,
    cpu_overcommit: ratio,
    disk_overcommit: ratio,
  },
  { requiredKeys: ["memory_gib", "vcpus", "disk_gib"] },
);

const sshUser = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("ec2-user", "root", "cloud_user", "a.b-c") },
  { weight: 1, arbitrary: hostile },
);
const remoteState = fc.record(
  {
    mode: fc.constant("remote_state"),
    state_path: filePath,
    ssh_user: sshUser,
    ssh_private_key: filePath,
    verify_host_key: fc.boolean(),
  },
  { requiredKeys: ["mode"] },
);
// The URI's host and query may hold almost anything but whitespace, '?' and '#', and all of it reaches the HCL.
const uriText = fc.oneof(
  fc.constantFrom("", "root@kvm.example.com", "kvm:16509", "[::1]", "user@host:2222"),
  hostile.map((text) => text.replace(/[\s?#]/g, "")),
);
const uri = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .tuple(
        fc.constantFrom("", "+ssh", "+tcp", "+tls", "+unix", "+libssh", "+libssh2"),
        uriText,
        fc.constantFrom("system", "session"),
        fc.option(
          fc.oneof(
            fc.constantFrom("socket=/run/libvirt/sock", "known_hosts_verify=ignore", "no_verify=1&sshauth=privkey"),
            uriText.map((text) => `x=${text}`),
          ),
          { nil: undefined },
        ),
      )
      .map(
        ([transport, host, kind, query]) =>
          `qemu${transport}://${host}/${kind}${query === undefined ? "" : `?${query}`}`,
      ),
  },
  { weight: 1, arbitrary: fc.oneof(hostile, fc.constantFrom("qemu:///", "lxc:///system", "qemu+ssh://h/system#x")) },
);
const uriConnection = fc.record(
  {
    mode: fc.constant("uri"),
    uri,
    ssh_public_key: filePath,
    ssh_private_key: filePath,
    verify_host_key: fc.boolean(),
  },
  { requiredKeys: ["mode", "uri"] },
);
const connection = fc.oneof(
  { weight: 5, arbitrary: remoteState },
  { weight: 5, arbitrary: uriConnection },
  // Wrong or missing mode, and a key from the other mode.
  {
    weight: 1,
    arbitrary: fc.constantFrom({}, { mode: "ssh" }, { mode: "uri" }, { mode: "remote_state", uri: "qemu:///system" }),
  },
);

const port = (max: number) =>
  fc.oneof(
    { weight: 20, arbitrary: fc.integer({ min: 1, max }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, max + 1, 65_536, 7000.5, "7000") },
  );
const bmc = fc.record({ vbmc_port_base: port(65_404), redfish_port: port(65_535) }, { requiredKeys: [] });

// The node options: sizes mostly in range, now and then out of it; a UEFI path now and then hostile.
const gib = mostly(fc.integer({ min: 1, max: 65_536 }), fc.constantFrom(0, -1, 65_537, 1.5, "100"));
const roleDisks = fc.record(
  { os_gib: gib, extra_gib: mostly(fc.array(gib, { maxLength: 3 }), fc.array(gib, { minLength: 9, maxLength: 10 })) },
  { requiredKeys: [] },
);
const disks = fc.record({ master: roleDisks, arbiter: roleDisks, worker: roleDisks }, { requiredKeys: [] });
const firmwarePath = mostly(
  fc.constantFrom("/usr/share/OVMF/OVMF_CODE.fd", "/usr/share/edk2/ovmf/OVMF_VARS.fd"),
  hostile,
);

const spec = fc.record(
  {
    architecture: plausible(mostly(fc.constantFrom("vbmc", "redfish"), fc.constant("ipmi"))),
    bonding_nic: plausible(fc.boolean()),
    chucky_net_addr: plausible(cidr),
    provision_net_addr: plausible(cidr),
    cluster_name: plausible(label),
    dns_zone: plausible(
      fc.oneof(
        { weight: 9, arbitrary: fc.tuple(label, label).map(([a, b]) => `${a}.${b}`) },
        // Long zones, some past DNS's 253 characters.
        { weight: 1, arbitrary: fc.array(label, { minLength: 10, maxLength: 60 }).map((labels) => labels.join(".")) },
      ),
    ),
    master_chucky_mac_base: plausible(macBase(1)),
    master_provision_mac_base: plausible(macBase(1)),
    worker_chucky_mac_base: plausible(macBase(0)),
    worker_provision_mac_base: plausible(macBase(0)),
    provision_mac: plausible(macBase(2)),
    number_of_workers: plausible(mostly(fc.integer({ min: 0, max: 128 }), fc.integer({ min: 129, max: 140 }))),
    ocp_version: plausible(fc.tuple(fc.nat(22), fc.nat(30)).map(([minor, patch]) => `4.${minor}.${patch}`)),
    master_resources: plausible(resources),
    worker_resources: plausible(resources),
    name_prefix: plausible(mostly(fc.constantFrom("", "a-", "lab1-"), fc.constant("much-too-long-"))),
    vnc_listen_address: plausible(fc.constantFrom("127.0.0.1", "0.0.0.0")),
    existing_networks: plausible(
      fc.oneof(
        { weight: 19, arbitrary: fc.array(cidr, { maxLength: 2 }) },
        { weight: 1, arbitrary: fc.array(cidr, { maxLength: 300 }) },
      ),
    ),
    rhel8_image_location: plausible(filePath),
    hypervisor: plausible(hypervisor),
    connection: plausible(connection),
    bmc: plausible(bmc),
  },
  { requiredKeys: [] },
);

// At most one node option per spec, about half of the time, so that they do not make accepted specs rare; an arbiter
// and two nodes with fencing mostly with a release that has them, fencing mostly behind Redfish.
const nodeOptions = fc.oneof(
  { weight: 4, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        firmware: plausible(mostly(fc.constant("uefi"), fc.constantFrom("bios", "efi"))),
        uefi_loader: firmwarePath,
        uefi_nvram_template: firmwarePath,
      },
      { requiredKeys: ["firmware"] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ disks: plausible(disks) }) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        arbiter: plausible(resources),
        ocp_version: mostly(fc.constantFrom("4.19.9", "4.20.0", "4.21.2"), fc.constant("4.18.3")),
      },
      { requiredKeys: ["arbiter"] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        control_plane: plausible(mostly(fc.constant("two-node-fencing"), fc.constant("two-node"))),
        architecture: mostly(fc.constant("redfish"), fc.constant("vbmc")),
        ocp_version: mostly(fc.constantFrom("4.19.9", "4.20.0", "4.22.1"), fc.constant("4.18.3")),
      },
      { requiredKeys: ["control_plane"] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      extra_workers: plausible(mostly(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 100, max: 130 }))),
    }),
  },
);

/** A spec, sometimes with a hostile unknown key, and the name of the file it came from, which the output quotes. */
export const input = fc.record({
  raw: fc
    .tuple(
      spec,
      nodeOptions,
      fc.oneof(
        { weight: 19, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.tuple(hostile, fc.anything()) },
      ),
    )
    .map(([known, options, extra]) => {
      const withOptions = { ...known, ...options };
      return extra === undefined ? withOptions : { ...withOptions, [extra[0]]: extra[1] };
    }),
  source: fc.oneof(
    { weight: 4, arbitrary: fc.constant("random.json") },
    { weight: 1, arbitrary: hostile.map((name) => `${name}.json`) },
  ),
});
