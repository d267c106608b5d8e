// Real cloud-init over what Terraform rendered: schema validation of user-data, and the network config converted
// to RHEL's ifcfg files, as the VM will see them.
import { readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { inScratch } from "./helpers";

export async function cloudInitAvailable(): Promise<boolean> {
  return execa("cloud-init", ["--version"], { reject: false }).then(
    (r) => r.exitCode === 0,
    () => false,
  );
}

export function schemaCheck(userData: string): Promise<{ exitCode: number; output: string }> {
  return inScratch("cloud-init", async (dir) => {
    const file = path.join(dir, "user-data");
    await writeFile(file, userData);
    const result = await execa("cloud-init", ["schema", "-c", file], { reject: false, all: true });
    return { exitCode: result.exitCode ?? 1, output: result.all ?? "" };
  });
}

/** ifcfg-* files by interface name, each parsed into its KEY=value pairs. */
export type Ifcfg = Record<string, Record<string, string>>;

export function netConvertRhel(networkConfig: string): Promise<Ifcfg> {
  return inScratch("net-convert", async (dir) => {
    const input = path.join(dir, "network-config");
    await writeFile(input, networkConfig);
    const out = path.join(dir, "out");
    await execa("cloud-init", [
      "devel",
      "net-convert",
      "-p",
      input,
      "-k",
      "yaml",
      "-D",
      "rhel",
      "-O",
      "sysconfig",
      "-d",
      out,
    ]);
    const scripts = path.join(out, "etc", "sysconfig", "network-scripts");
    const result: Ifcfg = {};
    for (const name of (await readdir(scripts)).filter((f) => f.startsWith("ifcfg-"))) {
      const text = await readFile(path.join(scripts, name), "utf8");
      result[name.slice("ifcfg-".length)] = Object.fromEntries(
        text
          .split("\n")
          .filter((line) => /^[A-Z0-9_]+=/.test(line))
          .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
      );
    }
    return result;
  });
}
