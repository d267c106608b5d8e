// The real-libvirt tier's choice of hypervisor as a table, so that every kind of host is covered here, whichever
// kind this machine is: given what the probes found, the labs' domain_type and cpu_mode, the UEFI lab's, and the
// line the run prints.
import {
  chooseHypervisor,
  EMULATION_LINE,
  KVM_LINE,
  type CpuMode,
  type HypervisorChoice,
  type HypervisorProbes,
} from "../../real-libvirt/hypervisor";

const ALL: CpuMode[] = ["host-passthrough", "host-model", "none"];
/** What libvirt 9 with QEMU 7.2 starts under TCG: host-passthrough is refused for a qemu domain. */
const EMULATED: CpuMode[] = ["host-model", "none"];

const probes = (overrides: Partial<HypervisorProbes>): HypervisorProbes => ({
  kvmDevice: true,
  startingModes: { kvm: ALL, qemu: EMULATED },
  uefiRuns: { kvm: true, qemu: true },
  ...overrides,
});

const onKvm = (cpuMode: CpuMode): HypervisorChoice => ({
  labs: { domainType: "kvm", cpuMode },
  uefiLab: { domainType: "qemu", cpuMode: "host-model" },
  line: KVM_LINE,
});
const emulated: HypervisorChoice = {
  labs: { domainType: "qemu", cpuMode: "host-model" },
  uefiLab: { domainType: "qemu", cpuMode: "host-model" },
  line: EMULATION_LINE,
};

const chosen: Array<[string, HypervisorProbes, HypervisorChoice]> = [
  ["a host whose KVM takes every CPU mode and runs UEFI guests", probes({}), onKvm("host-passthrough")],
  [
    "a nested kvm_pvm host: only a domain without <cpu> starts under kvm, and its guests stop at the firmware",
    probes({ startingModes: { kvm: ["none"], qemu: EMULATED }, uefiRuns: { kvm: false, qemu: true } }),
    emulated,
  ],
  [
    "a KVM host whose domains start but whose guests stop at the firmware: emulation",
    probes({ uefiRuns: { kvm: false, qemu: true } }),
    emulated,
  ],
  [
    "a KVM host that refuses host-passthrough but takes host-model",
    probes({ startingModes: { kvm: ["host-model", "none"], qemu: EMULATED } }),
    onKvm("host-model"),
  ],
  [
    "the modes in any order: the seed's preference decides",
    probes({ startingModes: { kvm: ["none", "host-passthrough"], qemu: ["none", "host-model"] } }),
    onKvm("host-passthrough"),
  ],
  [
    "no /dev/kvm: libvirt refuses every kvm domain",
    probes({ kvmDevice: false, startingModes: { kvm: [], qemu: EMULATED }, uefiRuns: { kvm: null, qemu: true } }),
    emulated,
  ],
  [
    "a /dev/kvm on which no kvm domain starts",
    probes({ startingModes: { kvm: [], qemu: EMULATED }, uefiRuns: { kvm: null, qemu: true } }),
    emulated,
  ],
  [
    "kvm domains reported as starting, but /dev/kvm unusable: the device decides",
    probes({ kvmDevice: false }),
    emulated,
  ],
  [
    "no /dev/kvm, and host-model refused under emulation too: no <cpu>",
    probes({ kvmDevice: false, startingModes: { kvm: [], qemu: ["none"] }, uefiRuns: { kvm: null, qemu: true } }),
    {
      labs: { domainType: "qemu", cpuMode: "none" },
      uefiLab: { domainType: "qemu", cpuMode: "none" },
      line: EMULATION_LINE,
    },
  ],
];

const refused: Array<[string, HypervisorProbes, RegExp]> = [
  [
    "no CPU mode starts a qemu domain (the UEFI lab's type) even though KVM works",
    probes({ startingModes: { kvm: ALL, qemu: [] } }),
    /no CPU mode starts a qemu domain/,
  ],
  [
    "no /dev/kvm and no qemu domain starts",
    probes({ kvmDevice: false, startingModes: { kvm: [], qemu: [] }, uefiRuns: { kvm: null, qemu: true } }),
    /no CPU mode starts a qemu domain/,
  ],
  [
    "OVMF does not run under emulation",
    probes({ uefiRuns: { kvm: true, qemu: false } }),
    /UEFI guest does not run under software emulation/,
  ],
  [
    "no UEFI probe ran under emulation",
    probes({ uefiRuns: { kvm: true, qemu: null } }),
    /UEFI guest does not run under software emulation/,
  ],
];

describe("the real-libvirt tier's hypervisor, from the probes", () => {
  test.each(chosen)("%s", (_, given, want) => {
    expect(chooseHypervisor(given)).toEqual(want);
  });

  test.each(refused)("refused: %s", (_, given, message) => {
    expect(() => chooseHypervisor(given)).toThrow(message);
  });

  test("the UEFI lab runs under emulation on every host in the table", () => {
    for (const [, given] of chosen) expect(chooseHypervisor(given).uefiLab.domainType).toBe("qemu");
  });
});
