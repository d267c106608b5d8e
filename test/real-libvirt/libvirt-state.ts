// What libvirtd holds, as two views: the names of every domain, network and volume (to show that a destroy
// removed exactly a cluster's objects), and a fingerprint of one cluster's objects (to show that destroying
// another cluster beside it touched none of them).
import type { Sandbox } from "./sandbox";

export interface Snapshot {
  domains: string[];
  networks: string[];
  volumes: string[];
}

const lines = (text: string): string[] =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");

export async function snapshot(sandbox: Sandbox): Promise<Snapshot> {
  await sandbox.virsh("pool-refresh", "default");
  return {
    domains: lines(await sandbox.virsh("list", "--all", "--name")).sort(),
    networks: lines(await sandbox.virsh("net-list", "--all", "--name")).sort(),
    volumes: lines(await sandbox.virsh("vol-list", "default"))
      .map((line) => line.split(/\s+/)[0] ?? "")
      .sort(),
  };
}

/** The objects in `after` that `before` does not have: what one apply added. */
export function added(before: Snapshot, after: Snapshot): Snapshot {
  const minus = (a: string[], b: string[]) => a.filter((name) => !b.includes(name));
  return {
    domains: minus(after.domains, before.domains),
    networks: minus(after.networks, before.networks),
    volumes: minus(after.volumes, before.volumes),
  };
}

/**
 * Per object, what libvirt says about it: a domain's state and persistent definition (UUID, devices, media), a
 * network's info (UUID, active, autostart, bridge) and definition, a volume's definition (key, capacity, format,
 * backing store). Equal fingerprints mean nobody touched the objects.
 */
/** A running VM's reads and writes move a volume's timestamps and allocation; neither says who touched it. */
const withoutUsage = (xml: string): string =>
  xml.replace(/\s*<timestamps>[\s\S]*?<\/timestamps>/g, "").replace(/\s*<(allocation|physical)\b[^>]*>\d*<\/\1>/g, "");

export async function fingerprint(sandbox: Sandbox, objects: Snapshot): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of objects.domains) {
    out[`domain ${name} state`] = (await sandbox.virsh("domstate", name)).trim();
    out[`domain ${name} definition`] = await sandbox.virsh("dumpxml", "--inactive", name);
  }
  for (const name of objects.networks) {
    out[`network ${name} info`] = await sandbox.virsh("net-info", name);
    out[`network ${name} definition`] = await sandbox.virsh("net-dumpxml", name);
  }
  for (const name of objects.volumes) {
    out[`volume ${name} definition`] = withoutUsage(await sandbox.virsh("vol-dumpxml", "--pool", "default", name));
  }
  return out;
}
