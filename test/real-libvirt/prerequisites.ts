// What the real-libvirt tier needs on the machine. Decided when the test file loads, so that a missing tool
// makes jest count the tests as skipped (and say which tool) rather than run them and fail, or pass empty.
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { whenFound, type ToolGate } from "../skip";
import { IPXE_EFI } from "./agent-iso";
import { OVMF } from "./ovmf";

export const executable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

export const onPath = (command: string): boolean =>
  (process.env["PATH"] ?? "").split(path.delimiter).some((dir) => dir !== "" && executable(path.join(dir, command)));

/** The Go binary scripts/build-real-provider.sh would use. */
const goFound = (): boolean => {
  const configured = process.env["GO"];
  return configured ? executable(configured) : onPath("go") || executable("/usr/local/go/bin/go");
};

const readable = (file: string): boolean => {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * The first missing prerequisite, named as the skip line names it, or null when all are there.
 * Root comes first: namespaces and libvirtd's system instance need it. /dev/kvm is none: without it the labs run
 * under QEMU's software emulation (hypervisor.ts).
 */
export function missingPrerequisite(): string | null {
  if (process.getuid?.() !== 0) return "root";
  if (!goFound()) return "go";
  const tools: Array<[string, string]> = [
    ["terraform", process.env["TERRAFORM"] ?? "terraform"],
    ["libvirtd", "libvirtd"],
    ["virtlogd", "virtlogd"],
    ["virsh", "virsh"],
    ["qemu-system-x86_64", "qemu-system-x86_64"],
    ["qemu-img", "qemu-img"],
    // The provider builds cloud-init ISOs by running mkisofs on the Terraform host.
    ["mkisofs", "mkisofs"],
    // And applies a network's XSLT (the IPv6 labs' <dns enable='no'/>) by running xsltproc there.
    ["xsltproc", "xsltproc"],
    ["dnsmasq", "dnsmasq"],
    ["sshd", "sshd"],
    ["unshare", "unshare"],
    ["nsenter", "nsenter"],
  ];
  for (const [name, command] of tools) {
    const found = command.includes("/") ? executable(command) : onPath(command);
    if (!found) return name;
  }
  // Debian's ovmf: the UEFI lab's loader and NVRAM templates, and the loader a boot-mode change switches to.
  if (!Object.values(OVMF).every(readable)) return "ovmf";
  return null;
}

/** What makes the tier's tools required in this run: CI's GEN_INFRA_REAL_LIBVIRT=required. */
const requiredBy = (): string | undefined =>
  process.env["GEN_INFRA_REAL_LIBVIRT"] === "required" ? "GEN_INFRA_REAL_LIBVIRT=required" : undefined;

/**
 * The tier's gate, named by the first missing prerequisite. CI sets GEN_INFRA_REAL_LIBVIRT=required: there a missing
 * prerequisite fails the file rather than skipping its tests.
 */
export function prerequisitesGate(): ToolGate {
  const missing = missingPrerequisite();
  return whenFound(missing ?? "", missing === null, { requiredBy: requiredBy() });
}

/**
 * The gate of the tests that serve a generated dhcpd.conf with a real ISC dhcpd (Debian's isc-dhcp-server), inside
 * the tier's gate; required, as the tier is, where GEN_INFRA_REAL_LIBVIRT=required.
 */
export function dhcpdGate(): ToolGate {
  return whenFound("dhcpd", onPath("dhcpd"), { requiredBy: requiredBy() });
}

/**
 * What building the agent ISO's stand-in takes (agent-iso.ts), named as the skip line names it: xorriso, dosfstools'
 * mkfs.vfat, mtools' mmd and mcopy, and the loader it carries from Debian's ipxe.
 */
const AGENT_ISO_TOOLS: ReadonlyArray<readonly [string, string]> = [
  ["xorriso", "xorriso"],
  ["mkfs.vfat", "mkfs.vfat"],
  ["mmd", "mmd"],
  ["mcopy", "mcopy"],
  ["ipxe.efi", IPXE_EFI],
];

const missingAgentIsoTool = (): string | null =>
  AGENT_ISO_TOOLS.find(([, tool]) => !(tool.includes("/") ? readable(tool) : onPath(tool)))?.[0] ?? null;

/**
 * The gate of the tests that build the agent ISO's stand-in and no more: its tools, not the tier's libvirt. Required,
 * as the tier is, where GEN_INFRA_REAL_LIBVIRT=required.
 */
export function agentIsoGate(): ToolGate {
  const missing = missingAgentIsoTool();
  return whenFound(missing ?? "", missing === null, { requiredBy: requiredBy() });
}

/**
 * The tier's gate, then the commands a file needs besides on PATH (nftables, iproute2's bridge, ISC's DHCP server and
 * client), then, with `agentIso`, what building the agent ISO's stand-in takes, for a lab whose nodes boot it; named
 * by the first missing one, and required, as the tier is, where GEN_INFRA_REAL_LIBVIRT=required.
 */
export function prerequisitesGateWith(commands: readonly string[], options: { agentIso?: boolean } = {}): ToolGate {
  const missing =
    missingPrerequisite() ??
    commands.find((command) => !onPath(command)) ??
    (options.agentIso ? missingAgentIsoTool() : null);
  return whenFound(missing ?? "", missing === null, { requiredBy: requiredBy() });
}
