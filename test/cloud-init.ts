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

/** The network config converted by cloud-init's own renderer for RHEL; `read` takes the output folder. */
function netConvert<T>(networkConfig: string, renderer: string, read: (out: string) => Promise<T>): Promise<T> {
  return inScratch(`net-convert-${renderer}`, async (dir) => {
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
      renderer,
      "-d",
      out,
    ]);
    return read(out);
  });
}

export function netConvertRhel(networkConfig: string): Promise<Ifcfg> {
  return netConvert(networkConfig, "sysconfig", async (out) => {
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

/** NetworkManager keyfiles by connection id's interface, each as its sections of KEY=value pairs. */
export type Keyfiles = Record<string, Record<string, Record<string, string>>>;

/**
 * The network config converted to NetworkManager keyfiles, as cloud-init renders it where NetworkManager is its
 * renderer (RHEL 9): there each family's name servers and gateway go to that family's section.
 */
export function netConvertNetworkManager(networkConfig: string): Promise<Keyfiles> {
  return netConvert(networkConfig, "network-manager", async (out) => {
    const connections = path.join(out, "etc", "NetworkManager", "system-connections");
    const result: Keyfiles = {};
    for (const name of (await readdir(connections)).filter((f) => f.endsWith(".nmconnection"))) {
      const sections: Record<string, Record<string, string>> = {};
      let section: Record<string, string> = {};
      for (const line of (await readFile(path.join(connections, name), "utf8")).split("\n")) {
        const header = /^\[(.+)\]$/.exec(line);
        if (header) sections[header[1]!] = section = {};
        else if (/^[\w.-]+=/.test(line)) section[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
      }
      result[sections["connection"]?.["interface-name"] ?? name] = sections;
    }
    return result;
  });
}
