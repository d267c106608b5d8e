// The agent ISO's stand-in as UEFI firmware reads it: an El Torito catalogue whose boot image is for UEFI, without
// emulation, loaded whole, and is a FAT file system holding Debian's iPXE byte for byte where firmware looks for the
// loader of removable media. Booting it under OVMF is the real-libvirt tier's part.
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { buildAgentIso, IPXE_EFI } from "../../real-libvirt/agent-iso";
import { agentIsoGate } from "../../real-libvirt/prerequisites";

const { describe: describeWithTools } = agentIsoGate();

const MIB = 1024 * 1024;

describeWithTools("the agent ISO's stand-in", () => {
  let dir = "";
  let iso = "";

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "gen-infra-agent-iso-"));
    iso = await buildAgentIso(dir);
  });

  afterAll(async () => {
    if (dir !== "") await rm(dir, { recursive: true, force: true });
  });

  test("is the one file it leaves in the folder, named as the agent_iso variable's default, and small", async () => {
    expect(iso).toBe(path.join(dir, "agent.x86_64.iso"));
    expect(await readdir(dir)).toEqual(["agent.x86_64.iso"]);
    // Uploaded into each lab's pool; the installer's own ISO is some 1 GB.
    expect((await stat(iso)).size).toBeLessThan(2 * MIB);
  });

  test("El Torito boots /esp.img on UEFI without emulation, and the firmware loads all of it", async () => {
    const { stdout } = await execa("xorriso", ["-indev", iso, "-report_el_torito", "plain"]);
    const image = /^El Torito boot img :\s+1\s+(\S+)\s+(\S+)\s+(\S+)\s+\S+\s+\S+\s+(\d+)/m.exec(stdout);
    expect(image?.slice(1, 4)).toEqual(["UEFI", "y", "none"]);
    expect(/^El Torito img path :\s+1\s+(\S+)/m.exec(stdout)?.[1]).toBe("/esp.img");
    const extracted = path.join(dir, "esp.img");
    try {
      await execa("xorriso", ["-osirrox", "on", "-indev", iso, "-extract", "/esp.img", extracted]);
      // The load size counts 512-byte sectors.
      expect(Number(image?.[4]) * 512).toBe((await stat(extracted)).size);
    } finally {
      await rm(extracted, { force: true });
    }
  });

  test("its EFI system partition holds Debian's iPXE as EFI/BOOT/BOOTX64.EFI", async () => {
    const extracted = path.join(dir, "esp.img");
    const loader = path.join(dir, "BOOTX64.EFI");
    try {
      await execa("xorriso", ["-osirrox", "on", "-indev", iso, "-extract", "/esp.img", extracted]);
      await execa("mcopy", ["-i", extracted, "::/EFI/BOOT/BOOTX64.EFI", loader]);
      expect((await readFile(loader)).equals(await readFile(IPXE_EFI))).toBe(true);
    } finally {
      await rm(extracted, { force: true });
      await rm(loader, { force: true });
    }
  });
});
