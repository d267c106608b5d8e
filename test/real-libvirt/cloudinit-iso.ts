// The cloud-init ISOs as libvirt holds them, next to what Terraform rendered for them. The provider builds each
// ISO with mkisofs and uploads it as a volume; reading the files back out of that volume proves the bytes a VM
// sees are the configuration's, not only what the state says.
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import type { Lab, LabContext } from "./lab";
import { terraform } from "./lab";

export interface CloudinitDisk {
  address: string;
  /** The volume's name in its pool, e.g. `provision.iso`. */
  volume: string;
  /** The volume's path, the key before `;` in the resource's id, which the domain's CD-ROM points at. */
  volumePath: string;
  rendered: { userData: string; networkConfig: string };
  onIso: { userData: string; networkConfig: string };
}

interface StateResource {
  address: string;
  type: string;
  values: Record<string, unknown>;
}
interface StateJson {
  values?: { root_module?: { resources?: StateResource[] } };
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");

async function extract(iso: string, file: string, to: string): Promise<string> {
  await execa("xorriso", ["-osirrox", "on", "-indev", iso, "-extract", `/${file}`, to], { stdio: "ignore" });
  return readFile(to, "utf8");
}

export async function readCloudinitDisks(context: LabContext, lab: Lab): Promise<CloudinitDisk[]> {
  const state = JSON.parse((await terraform(context, lab, ["show", "-json"])).stdout) as StateJson;
  const disks = (state.values?.root_module?.resources ?? []).filter((r) => r.type === "libvirt_cloudinit_disk");
  const dir = path.join(lab.dir, "cloudinit-isos");
  await mkdir(dir, { recursive: true });
  const out: CloudinitDisk[] = [];
  for (const disk of disks) {
    const volume = text(disk.values["name"]);
    const pool = text(disk.values["pool"]) || "default";
    const iso = path.join(dir, volume);
    // Run in the sandbox (its libvirtd); the lab folder is the same file on both sides of the mount namespace.
    await context.sandbox.virsh("vol-download", "--pool", pool, volume, iso);
    out.push({
      address: disk.address,
      volume,
      volumePath: text(disk.values["id"]).split(";")[0] ?? "",
      rendered: { userData: text(disk.values["user_data"]), networkConfig: text(disk.values["network_config"]) },
      onIso: {
        userData: await extract(iso, "user-data", path.join(dir, `${volume}.user-data`)),
        networkConfig: await extract(iso, "network-config", path.join(dir, `${volume}.network-config`)),
      },
    });
  }
  return out;
}
