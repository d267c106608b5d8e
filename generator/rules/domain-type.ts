// Software emulation (domain type qemu) and the CPU mode: libvirt defines, but will not start, an emulated domain
// whose CPU passes the host's through ("CPU mode 'host-passthrough' for x86_64 qemu domain on x86_64 host is not
// supported by hypervisor"), so the lab would fail at its first VM's start, after its networks and volumes exist.
import type { Spec } from "../input/spec";
import { cpuModeOf } from "../input/spec";
import type { Rule } from "./rule";
import { lab, plain, shown, the, type LabText } from "./lab-terms";

const refusedText = (domainType: LabText | string, cpuMode: LabText | string): LabText =>
  lab`domain_type ${domainType} (software emulation) cannot start a VM with cpu_mode ${cpuMode}: libvirt passes no host CPU through to an emulated domain`;
const refused = (domainType: string, cpuMode: string): string => plain(refusedText(domainType, cpuMode));

export const domainTypeCpuRule: Rule<Spec> = {
  id: "domain-type-cpu",
  summary:
    "`domain_type` `qemu` (software emulation) with `cpu_mode` `host-passthrough` is refused, as libvirt refuses to start such a domain; left out, `cpu_mode` is `host-model` under `qemu`.",
  check: (spec) =>
    spec.domain_type === "qemu" && cpuModeOf(spec) === "host-passthrough"
      ? [
          {
            severity: "error",
            path: ["cpu_mode"],
            value: "host-passthrough",
            message: refused("qemu", "host-passthrough"),
            fix: 'set cpu_mode to "host-model" (the default with domain_type qemu) or "none", or domain_type to "kvm"',
          },
        ]
      : [],
  // The masters, which every lab has, are enough: the plan fails before anything is created.
  preconditions: () => ({
    masters: [
      {
        condition: lab`!(${the.domainType} == "qemu" && ${the.cpuMode} == "host-passthrough")`,
        message: lab`${refusedText(shown(the.domainType), shown(the.cpuMode))}; use -var domain_type=qemu with -var cpu_mode=host-model (or none), or -var domain_type=kvm.`,
      },
    ],
  }),
};
