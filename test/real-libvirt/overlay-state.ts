// A lab host's overlay in one shape, read two ways: from the generated host-preparation-<name>.sh (what it says it
// makes) and from the host itself after it ran (ip -d -j link, ip -j address, bridge -j fdb). Equal, they show the
// script made exactly that: each bridge with its MTU, each VXLAN device on its bridge with its VNI and local
// address, one flood entry per other host, and on the gateway host chucky's address.
import type { Sandbox } from "./sandbox";

interface BridgeState {
  name: string;
  mtu: number;
  up: boolean;
  /** IPv4 addresses with their prefix length, as `ip addr` shows them. */
  addresses: string[];
}

interface VxlanState {
  name: string;
  vni: number;
  local: string;
  port: number;
  /** The bridge it is a port of. */
  bridge: string;
  mtu: number;
  up: boolean;
  learning: boolean;
  /** Destinations of its all-zero FDB entries: the hosts its broadcasts go to. */
  flood: string[];
}

export interface OverlayState {
  bridges: BridgeState[];
  vxlans: VxlanState[];
}

const byName = <T extends { name: string }>(items: T[]): T[] => items.sort((x, y) => x.name.localeCompare(y.name));

/** A call's quoted arguments: the script quotes each with single quotes, numbers bare. */
const callArguments = (script: string, name: string): string[][] =>
  [...script.matchAll(new RegExp(`^${name} (.+)$`, "gm"))].map(([, rest = ""]) =>
    [...rest.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? ""),
  );

/** What host-preparation-<name>.sh says it makes. */
export function scriptOverlay(script: string): OverlayState {
  const addresses = callArguments(script, "ip addr replace").map(([address = "", , bridge = ""]) => ({
    address,
    bridge,
  }));
  const flood = new Map(callArguments(script, "flood_to").map(([device = "", ...peers]) => [device, peers.sort()]));
  return {
    bridges: byName(
      callArguments(script, "bridge_up").map(([name = "", mtu = ""]) => ({
        name,
        mtu: Number(mtu),
        up: true,
        addresses: addresses.filter((a) => a.bridge === name).map((a) => a.address),
      })),
    ),
    vxlans: byName(
      callArguments(script, "vxlan_up").map(([name = "", vni = "", local = "", bridge = "", mtu = ""]) => ({
        name,
        vni: Number(vni),
        local,
        port: 4789,
        bridge,
        mtu: Number(mtu),
        up: true,
        learning: false,
        flood: flood.get(name) ?? [],
      })),
    ),
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const object = (value: Json | undefined): { [key: string]: Json } =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
const list = (value: Json | undefined): Json[] => (Array.isArray(value) ? value : []);

const json = async (sandbox: Sandbox, command: string, ...args: string[]): Promise<Json[]> =>
  list(JSON.parse((await sandbox.run(command, args)).stdout || "[]") as Json);

/** Every bridge and VXLAN device of the host, as the kernel has them. */
export async function hostOverlay(sandbox: Sandbox): Promise<OverlayState> {
  const links = (await json(sandbox, "ip", "-d", "-j", "link", "show")).map(object);
  const kind = (link: { [key: string]: Json }) => object(link["linkinfo"])["info_kind"];
  const up = (link: { [key: string]: Json }) => list(link["flags"]).includes("UP");
  const bridges: BridgeState[] = [];
  for (const link of links.filter((l) => kind(l) === "bridge")) {
    const name = String(link["ifname"]);
    const shown = (await json(sandbox, "ip", "-4", "-j", "address", "show", "dev", name)).map(object);
    const addresses = shown.flatMap((l) =>
      list(l["addr_info"])
        .map(object)
        .filter((a) => a["scope"] === "global")
        .map((a) => `${a["local"]}/${a["prefixlen"]}`),
    );
    bridges.push({ name, mtu: Number(link["mtu"]), up: up(link), addresses });
  }
  const vxlans: VxlanState[] = [];
  for (const link of links.filter((l) => kind(l) === "vxlan")) {
    const name = String(link["ifname"]);
    const data = object(object(link["linkinfo"])["info_data"]);
    const fdb = (await json(sandbox, "bridge", "-j", "fdb", "show", "dev", name)).map(object);
    vxlans.push({
      name,
      vni: Number(data["id"]),
      local: String(data["local"] ?? data["local6"]),
      port: Number(data["port"]),
      bridge: String(link["master"]),
      mtu: Number(link["mtu"]),
      up: up(link),
      learning: data["learning"] === true,
      flood: fdb
        .filter((entry) => entry["mac"] === "00:00:00:00:00:00")
        .map((entry) => String(entry["dst"]))
        .sort(),
    });
  }
  return { bridges: byName(bridges), vxlans: byName(vxlans) };
}
