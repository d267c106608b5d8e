// A stand-in for the agent-based installer's ISO, small enough to build in every run (some 1.4 MB, a fraction of a
// second): a CD that UEFI firmware boots, whose EFI loader is Debian's iPXE. A node that boots it asks for an
// address with iPXE's user class (DHCP option 77, "iPXE"), which OVMF's own network boot does not send, so dhcpd's
// log tells a node that ran the CD from one that booted anything else.
import { mkdtemp, rm, stat } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";

/** Debian's ipxe package: iPXE as a UEFI application for x86-64. */
export const IPXE_EFI = "/usr/lib/ipxe/ipxe.efi";

/** The file name the agent ISO has in the generated configuration's folder (the `agent_iso` variable's default). */
const AGENT_ISO_NAME = "agent.x86_64.iso";

/** Where UEFI firmware looks for a loader on removable media that has no boot entry of its own. */
const REMOVABLE_MEDIA_LOADER = "::/EFI/BOOT/BOOTX64.EFI";

const MIB = 1024 * 1024;

/**
 * The EFI system partition's size in KiB for a loader of `loaderBytes`: the loader plus room for the FAT tables
 * and two directories (some 20 KiB at this size), in whole MiB.
 */
const espKib = (loaderBytes: number): number => (Math.ceil((loaderBytes + 128 * 1024) / MIB) * MIB) / 1024;

/**
 * Builds the ISO into `dir` and returns its path. The EFI system partition is a FAT image holding iPXE as the
 * removable-media loader; El Torito names it the CD's UEFI boot image, without emulation, as the installer's ISO
 * does. Nothing but the ISO is left in `dir`.
 */
export async function buildAgentIso(dir: string): Promise<string> {
  const iso = path.join(dir, AGENT_ISO_NAME);
  const tree = await mkdtemp(path.join(dir, "agent-iso-tree-"));
  try {
    const esp = path.join(tree, "esp.img");
    const { size } = await stat(IPXE_EFI);
    await execa("mkfs.vfat", ["-C", "-n", "ESP", esp, String(espKib(size))]);
    await execa("mmd", ["-i", esp, "::/EFI", "::/EFI/BOOT"]);
    await execa("mcopy", ["-i", esp, IPXE_EFI, REMOVABLE_MEDIA_LOADER]);
    // -e names the boot image by its path inside the ISO, which is the tree's root.
    await execa("xorriso", [
      "-as",
      "mkisofs",
      "-quiet",
      "-o",
      iso,
      "-V",
      "GEN_INFRA_AGENT",
      "-e",
      path.basename(esp),
      "-no-emul-boot",
      tree,
    ]);
    return iso;
  } finally {
    await rm(tree, { recursive: true, force: true });
  }
}
