// Virtual media as a BMC inserts and ejects it, for the day-2 plans of the single-host labs (lab-suite.ts) and of
// the two-host lab (two-hosts.test.ts): both must show that the generated configuration absorbs these changes.
import type { Sandbox } from "./sandbox";

/** `<boot dev=…>` out, `<boot order=…>` on a new CD-ROM and the disk: how sushy-tools inserts virtual media. */
export function withVirtualMedia(xml: string, iso: string): string {
  const cdrom = [
    "    <disk type='file' device='cdrom'>",
    "      <driver name='qemu' type='raw'/>",
    `      <source file='${iso}'/>`,
    "      <target dev='hdc' bus='ide'/>",
    "      <readonly/>",
    "      <boot order='1'/>",
    "    </disk>",
    "",
  ].join("\n");
  const withoutOsBoot = xml.replace(/\s*<boot dev='\w+'\/>/g, "");
  const diskStart = withoutOsBoot.indexOf("    <disk type=");
  const diskEnd = withoutOsBoot.indexOf("</disk>", diskStart);
  if (diskStart < 0 || diskEnd < 0) throw new Error("domain XML without a disk");
  return (
    withoutOsBoot.slice(0, diskStart) +
    cdrom +
    withoutOsBoot.slice(diskStart, diskEnd) +
    "  <boot order='2'/>\n    " +
    withoutOsBoot.slice(diskEnd)
  );
}

/**
 * Ejects the media in a domain's CD-ROM `target` (`hdc`, where withVirtualMedia puts it; `hda`, the provider's
 * first CD-ROM) for good: from a running domain's live and persistent definitions, from a shut-off domain's
 * persistent one. An eject of the live definition alone leaves the media in the persistent one, and the next power-on
 * boots it again; `--live` on a shut-off domain fails ("domain is not running").
 */
export async function ejectMedia(sandbox: Sandbox, domain: string, target: string): Promise<void> {
  const state = (await sandbox.virsh("domstate", domain)).trim();
  const definitions = state === "shut off" ? ["--config"] : ["--live", "--config"];
  await sandbox.virsh("change-media", domain, target, "--eject", ...definitions);
}
