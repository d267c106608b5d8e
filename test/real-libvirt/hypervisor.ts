// Which hypervisor the real-libvirt labs run on, decided from what the run's probes found and nothing else, so
// that the branch a machine does not take is still tested (test/unit/real-libvirt/hypervisor.test.ts). KVM where
// its guests run; QEMU's software emulation (TCG, domain type `qemu`) where they do not. The UEFI lab always runs
// under emulation: some nested KVM hosts pause every UEFI guest at OVMF's first instruction, and emulation runs
// OVMF on every host, so "the firmware executes" can be asserted everywhere.

/** The CPU modes a probe tries, in the seed's order of preference; `none` writes no <cpu> element. */
export const CPU_MODES = ["host-passthrough", "host-model", "none"] as const;
export type CpuMode = (typeof CPU_MODES)[number];

/** libvirt's domain types the generated `domain_type` variable takes. */
const DOMAIN_TYPES = ["kvm", "qemu"] as const;
export type DomainType = (typeof DOMAIN_TYPES)[number];

/** What a lab's `-var domain_type=… -var cpu_mode=…` say. */
export interface LabHypervisor {
  domainType: DomainType;
  cpuMode: CpuMode;
}

export interface HypervisorProbes {
  /** /dev/kvm inside the sandbox is a character device that can be read and written. */
  kvmDevice: boolean;
  /** The CPU modes that started a probe domain of each type, in any order. */
  startingModes: Readonly<Record<DomainType, readonly CpuMode[]>>;
  /** Whether a UEFI probe guest kept running under each type; null where no probe ran (no such domain starts). */
  uefiRuns: Readonly<Record<DomainType, boolean | null>>;
}

export interface HypervisorChoice {
  /** Every lab but the UEFI one. */
  labs: LabHypervisor;
  /** The lab with UEFI nodes: always software emulation. */
  uefiLab: LabHypervisor;
  /** The one line a run prints about it. */
  line: typeof KVM_LINE | typeof EMULATION_LINE;
}

export const KVM_LINE = "real-libvirt: KVM";
export const EMULATION_LINE = "real-libvirt: software emulation (no usable KVM)";

/** The first mode, in the seed's order of preference, that started under `type`. */
function preferredMode(probes: Pick<HypervisorProbes, "startingModes">, type: DomainType): CpuMode {
  const mode = CPU_MODES.find((candidate) => probes.startingModes[type].includes(candidate));
  if (mode === undefined) throw new Error(`no CPU mode starts a ${type} domain here`);
  return mode;
}

/**
 * The labs' hypervisor for these probe results. KVM counts as usable only when the device is there, a kvm domain
 * really starts, and a kvm guest keeps running its firmware: a /dev/kvm that QEMU cannot use fails at the first
 * domain, and some nested KVMs (kvm_pvm) start a domain but stop its guest at the first instruction they cannot
 * emulate, OVMF's and iPXE's alike ("KVM internal error"), so that a node never network-boots. Throws where the
 * tier cannot run: no CPU mode starts a domain of the chosen type, or OVMF does not run even under emulation.
 */
export function chooseHypervisor(probes: HypervisorProbes): HypervisorChoice {
  if (probes.uefiRuns.qemu !== true) {
    throw new Error("a UEFI guest does not run under software emulation here, so the UEFI lab cannot run anywhere");
  }
  const labs = labsHypervisor(probes);
  return {
    labs,
    uefiLab: { domainType: "qemu", cpuMode: preferredMode(probes, "qemu") },
    line: labs.domainType === "kvm" ? KVM_LINE : EMULATION_LINE,
  };
}

/** The hypervisor of every lab without UEFI nodes: the first part of chooseHypervisor, which needs no UEFI probe. */
export function labsHypervisor(
  probes: Pick<HypervisorProbes, "kvmDevice" | "startingModes"> & {
    uefiRuns: Pick<HypervisorProbes["uefiRuns"], "kvm">;
  },
): LabHypervisor {
  const kvmRuns = probes.kvmDevice && probes.startingModes.kvm.length > 0 && probes.uefiRuns.kvm === true;
  const domainType: DomainType = kvmRuns ? "kvm" : "qemu";
  return { domainType, cpuMode: preferredMode(probes, domainType) };
}
