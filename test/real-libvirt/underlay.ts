// The underlay between two sandboxes: one veth pair, made in the machine's namespace and moved at once, an end into
// each sandbox's network namespace (by the PID of its init), where it is renamed, addressed and brought up. Nothing
// routes out of either namespace, so what crosses it stays between the two. When a sandbox stops, its network
// namespace goes and the pair with it; `remove` deletes whatever is still in the machine's namespace after a failed
// move.
import { execa } from "execa";
import type { Sandbox } from "./sandbox";

/** The name of the underlay interface inside each sandbox. */
const UNDERLAY_INTERFACE = "underlay";

export interface UnderlayEnd {
  sandbox: Sandbox;
  /** IPv4 address with its prefix length, e.g. 198.51.100.1/24. */
  address: string;
}

export class Underlay {
  private constructor(
    /** The two ends' names in the machine's namespace, made unique by this process's PID. */
    private readonly names: readonly [string, string],
  ) {}

  static async join(a: UnderlayEnd, b: UnderlayEnd): Promise<Underlay> {
    // Interface names are at most 15 characters: "gi" + the PID in base 36 + the end's letter.
    const tag = `gi${process.pid.toString(36)}`;
    const underlay = new Underlay([`${tag}a`, `${tag}b`]);
    const [nameA, nameB] = underlay.names;
    try {
      await execa("ip", ["link", "add", nameA, "type", "veth", "peer", "name", nameB]);
      for (const [name, end] of [
        [nameA, a],
        [nameB, b],
      ] as const) {
        await execa("ip", ["link", "set", name, "netns", String(end.sandbox.initPid)]);
        await end.sandbox.run("ip", ["link", "set", "dev", name, "name", UNDERLAY_INTERFACE]);
        await end.sandbox.run("ip", ["address", "add", end.address, "dev", UNDERLAY_INTERFACE]);
        await end.sandbox.run("ip", ["link", "set", "dev", UNDERLAY_INTERFACE, "up"]);
      }
    } catch (error) {
      await underlay.remove();
      throw error;
    }
    return underlay;
  }

  /** Deletes an end still in the machine's namespace (the pair goes with it); nothing when both were moved. */
  async remove(): Promise<void> {
    for (const name of this.names) {
      const shown = await execa("ip", ["link", "show", "dev", name], { reject: false });
      if (shown.exitCode === 0) await execa("ip", ["link", "del", "dev", name], { reject: false });
    }
  }
}
