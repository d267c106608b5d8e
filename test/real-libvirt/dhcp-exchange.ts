// A real DHCP exchange on a lab's network. ISC dhcpd serves a configuration on the network's bridge inside the
// sandbox, in the support VM's stead, and for each MAC a disk-less probe domain network-boots on that network: its
// iPXE ROM sends DHCPDISCOVER from the MAC and takes the answer. dhcpd writes no lease for a fixed-address host, so
// the proof is the line it prints in the foreground (-d) for each exchange: "DHCPACK on <address> to <MAC> via
// <interface>". The probes stand in for the nodes, whose chucky NIC never network-boots (on vbmc nodes the
// provisioning NIC is the first, the only one QEMU's strict boot order lets ask); the nodes must stay shut off,
// since a probe has a node's MAC on the node's network. dhcpd and the probes may run in two sandboxes, hosts of a
// lab stretched over both (the probes then ask across the overlay), and a dhclient may ask too, for the options
// dhcpd sends, which the probes' log does not show. A node may also ask itself (dhcpBoot): dhcpd then logs, besides
// its own lines, the user class each request carries, which tells iPXE (user class "iPXE") from other clients.
import { readFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DHCLIENT_LEASE_MS, dhclientLease, type DhclientLease } from "./dhclient-lease";
import type { DomainType } from "./hypervisor";
import type { RunResult, Sandbox } from "./sandbox";

/** One answer dhcpd logged. */
interface DhcpAck {
  address: string;
  /** Lower case, as dhcpd prints it. */
  mac: string;
  /** The interface dhcpd answered on, or the address of the relay the request came through. */
  via: string;
}

/** A MAC that is to ask, the address its reservation plans, and a name for the probe and the report. */
interface DhcpClient {
  name: string;
  mac: string;
  address: string;
}

interface ClientOutcome extends DhcpClient {
  /** Every address dhcpd ACKed to the MAC, in log order: none when it never answered. */
  acked: string[];
  /** From the probe's start to the first ACK (or to giving up). */
  seconds: number;
}

interface DhcpExchange {
  /** dhcpd's configuration, served as it is. */
  conf: string;
  /** The libvirt network the probes join. */
  network: string;
  /** Its bridge, the interface dhcpd serves. */
  bridge: string;
  /**
   * The sandbox the probes run in, when it is not dhcpd's: another host of the lab, whose `network` reaches
   * dhcpd's bridge over the overlay.
   */
  probeSandbox?: Sandbox;
  /**
   * After the probes, a dhclient asks from this MAC on the probes' side (a veth port of `probeBridge`), for the
   * lease with every option dhcpd sent.
   */
  dhclient?: { mac: string; probeBridge: string };
  /** The probes' domain type: the lab's (kvm or software emulation). */
  domainType: DomainType;
  clients: readonly DhcpClient[];
  /** Probes running at once; the machine's two cores also run other work. */
  atOnce?: number;
}

interface DhcpExchangeResult {
  /** The clients in the order given, each with what dhcpd ACKed to its MAC. */
  clients: ClientOutcome[];
  /** ACKs to MACs that are not among the clients. */
  others: DhcpAck[];
  /** dhcpd's whole output, for a failure message. */
  log: string;
  /** What the dhclient got, when the exchange asked for one. */
  dhclient?: DhclientLease;
}

const ACK = /^DHCPACK on (\S+) to (\S+) (?:\(.*?\) )?via (\S+)/;

/**
 * The ACKs in dhcpd's foreground output, in order. dhcpd prints a hostname the client sent in parentheses after the
 * MAC, and may add relay or lease details after the interface; a DHCPACK without "on" answers a DHCPINFORM, which
 * hands out no address, and is no ACK here.
 */
export function parseDhcpAcks(log: string): DhcpAck[] {
  const acks: DhcpAck[] = [];
  for (const line of log.split("\n")) {
    const match = ACK.exec(line.trim());
    if (match) acks.push({ address: match[1] ?? "", mac: (match[2] ?? "").toLowerCase(), via: match[3] ?? "" });
  }
  return acks;
}

/** What the client log statement prints first on each of its lines. */
const CLIENT_LOG_TAG = "gen-infra-client";

/**
 * `conf` with one statement more, for tests only: for each request dhcpd answers (offers or ACKs an address to, a
 * reserved one included), one line with the client's MAC, its user class (option 77) and its vendor class (option
 * 60), none of which dhcpd's own lines show. iPXE sends the user class "iPXE"; OVMF's own network boot sends none.
 * A statement in the global scope runs in the scope of every answer.
 */
export function withClientLog(conf: string): string {
  const field = (option: string) => `pick-first-value(option ${option}, "")`;
  const mac = 'binary-to-ascii(16, 8, ":", substring(hardware, 1, 6))';
  const line = [
    `"${CLIENT_LOG_TAG} "`,
    mac,
    '" user-class="',
    field("user-class"),
    '" vendor-class="',
    field("vendor-class-identifier"),
  ];
  return `${conf.trimEnd()}\n\n# Test only: each answered request's MAC and classes.\nlog(info, concat(${line.join(", ")}));\n`;
}

/** One request as the client log statement logged it. */
interface ClientRequest {
  /** Lower case, two digits a byte, as dhcpd's own lines print it. */
  mac: string;
  /** Null where the request had none. */
  userClass: string | null;
  vendorClass: string | null;
}

const CLIENT_LINE = new RegExp(`^${CLIENT_LOG_TAG} ([0-9a-f:]+) user-class=(.*) vendor-class=(.*)$`, "i");

/**
 * The requests in dhcpd's output that the statement of withClientLog logged, in order. binary-to-ascii drops a
 * byte's leading zero (52:54:0:a:0:1), which is put back. A class with " vendor-class=" in it would be misread;
 * the clients here send none.
 */
export function parseClientLog(log: string): ClientRequest[] {
  const requests: ClientRequest[] = [];
  for (const line of log.split("\n")) {
    const match = CLIENT_LINE.exec(line.trim());
    if (!match) continue;
    const mac = (match[1] ?? "")
      .split(":")
      .map((byte) => byte.toLowerCase().padStart(2, "0"))
      .join(":");
    requests.push({ mac, userClass: match[2] || null, vendorClass: match[3] || null });
  }
  return requests;
}

/** The `host` declarations of a dhcpd.conf that reserve an address for a MAC, in order. */
export function dhcpdReservations(conf: string): DhcpClient[] {
  const withoutComments = conf.replace(/#.*$/gm, "");
  const reservations: DhcpClient[] = [];
  for (const [, name = "", body = ""] of withoutComments.matchAll(/^\s*host\s+(\S+)\s*\{([^}]*)\}/gm)) {
    const mac = /\bhardware\s+ethernet\s+([0-9A-Fa-f:]+)\s*;/.exec(body)?.[1];
    const address = /\bfixed-address\s+([^;]+);/.exec(body)?.[1]?.trim();
    if (mac !== undefined && address !== undefined) reservations.push({ name, mac: mac.toLowerCase(), address });
  }
  return reservations;
}

/** How long dhcpd may take to listen, and a probe to be answered (SeaBIOS and iPXE under emulation, on a busy machine). */
const DHCPD_READY_MS = 30_000;
const ACK_WAIT_MS = 120_000;
const POLL_MS = 250;

/** coreutils timeout's statuses: the time ran out (124), or it passed on a TERM to dhcpd (128 + 15). */
const TIMED_OUT = 124;
const TERMINATED = 143;

/** A domain with one NIC on `network` with `mac`, no disk, booting from the network: its NIC's iPXE ROM asks. */
const probeXml = (name: string, type: DomainType, network: string, mac: string): string =>
  [
    `<domain type='${type}'>`,
    `  <name>${name}</name>`,
    "  <memory unit='MiB'>64</memory>",
    "  <vcpu>1</vcpu>",
    "  <os><type arch='x86_64'>hvm</type><boot dev='network'/></os>",
    "  <devices>",
    "    <interface type='network'>",
    `      <source network='${network}'/>`,
    `      <mac address='${mac}'/>`,
    "      <model type='virtio'/>",
    "    </interface>",
    "  </devices>",
    "</domain>",
    "",
  ].join("\n");

const probeName = (client: DhcpClient): string => `gen-infra-dhcp-probe-${client.name.replace(/[^\w.-]/g, "_")}`;

/** dhcpd in the foreground on one interface of the sandbox, its output in a file. */
class Dhcpd {
  private ended: RunResult | Error | undefined;
  private readonly running: Promise<void>;

  constructor(
    private readonly sandbox: Sandbox,
    private readonly files: { conf: string; leases: string; pid: string; wrapperPid: string; log: string },
    interfaceName: string,
    limitSeconds: number,
  ) {
    // The shell writes its own PID, then becomes `timeout`, which ends dhcpd when the time is up and passes a TERM
    // on to it: a dhcpd that is never stopped still ends.
    const script = 'echo $$ > "$1"; log=$2; shift 2; exec timeout -s TERM "$@" >"$log" 2>&1';
    const { conf, leases, pid, wrapperPid, log } = files;
    this.running = sandbox
      .run(
        "sh",
        [
          "-c",
          script,
          "dhcpd-wrapper",
          wrapperPid,
          log,
          `${limitSeconds}s`,
          "dhcpd",
          "-4",
          "-d",
          "-f",
          "-cf",
          conf,
          "-lf",
          leases,
          "-pf",
          pid,
          interfaceName,
        ],
        { okExitCodes: [TIMED_OUT, TERMINATED], timeoutMs: (limitSeconds + 30) * 1000 },
      )
      .then(
        (result) => void (this.ended = result),
        (error: unknown) => void (this.ended = error instanceof Error ? error : new Error(String(error))),
      );
  }

  /** dhcpd serving `conf` on `interfaceName`, its configuration, leases, PID files and output in `dir`. */
  static async inFolder(
    sandbox: Sandbox,
    dir: string,
    conf: string,
    interfaceName: string,
    limitSeconds: number,
  ): Promise<Dhcpd> {
    const files = {
      conf: path.join(dir, "dhcpd.conf"),
      leases: path.join(dir, "dhcpd.leases"),
      pid: path.join(dir, "dhcpd.pid"),
      wrapperPid: path.join(dir, "wrapper.pid"),
      log: path.join(dir, "dhcpd.log"),
    };
    await writeFile(files.conf, conf);
    await writeFile(files.leases, "");
    return new Dhcpd(sandbox, files, interfaceName, limitSeconds);
  }

  async log(): Promise<string> {
    return readFile(this.files.log, "utf8").catch(() => "");
  }

  /** Throws with dhcpd's output when it has stopped: every later answer would be missing. */
  async assertRunning(): Promise<void> {
    if (this.ended !== undefined) {
      const why = this.ended instanceof Error ? this.ended.message : `exited with ${this.ended.exitCode}`;
      throw new Error(`dhcpd stopped (${why}):\n${await this.log()}`);
    }
  }

  /** Until dhcpd says it serves. */
  async ready(): Promise<void> {
    const deadline = Date.now() + DHCPD_READY_MS;
    for (;;) {
      await this.assertRunning();
      if ((await this.log()).includes("Server starting service.")) return;
      if (Date.now() > deadline)
        throw new Error(`dhcpd did not start serving within ${DHCPD_READY_MS} ms:\n${await this.log()}`);
      await sleep(POLL_MS);
    }
  }

  /** TERM through the wrapper; KILL to dhcpd (by its own PID file) and the wrapper when they are still there. */
  async stop(): Promise<void> {
    const pidIn = async (file: string): Promise<string[]> => {
      const pid = (await readFile(file, "utf8").catch(() => "")).trim();
      return /^\d+$/.test(pid) ? [pid] : [];
    };
    const wrapper = await pidIn(this.files.wrapperPid);
    if (this.ended === undefined && wrapper.length > 0) {
      await this.sandbox.run("kill", ["-TERM", ...wrapper], { okExitCodes: [1] });
      // An unreferenced timer: once dhcpd has ended, nothing of this waits on.
      const late = await Promise.race([this.running.then(() => false), sleep(10_000, true, { ref: false })]);
      const left = [...(await pidIn(this.files.pid)), ...wrapper];
      if (late) await this.sandbox.run("kill", ["-KILL", ...left], { okExitCodes: [1] });
    }
    await this.running;
  }
}

/** Starts a probe from `client`'s MAC in `sandbox`, waits for dhcpd's ACK to it, and destroys the probe. */
async function probe(
  sandbox: Sandbox,
  dhcpd: Dhcpd,
  exchange: DhcpExchange,
  client: DhcpClient,
  dir: string,
  live: Set<string>,
): Promise<number> {
  const name = probeName(client);
  const file = path.join(dir, `${name}.xml`);
  await writeFile(file, probeXml(name, exchange.domainType, exchange.network, client.mac));
  const start = Date.now();
  // Transient: nothing to undefine, and a crashed run leaves no definition.
  live.add(name);
  await sandbox.virsh("create", file);
  try {
    const mac = client.mac.toLowerCase();
    while (Date.now() - start < ACK_WAIT_MS) {
      await dhcpd.assertRunning();
      if (parseDhcpAcks(await dhcpd.log()).some((ack) => ack.mac === mac)) break;
      await sleep(POLL_MS);
    }
    return (Date.now() - start) / 1000;
  } finally {
    await sandbox.run("virsh", ["-q", "-c", "qemu:///system", "destroy", name], { okExitCodes: [1] });
    live.delete(name);
  }
}

/**
 * Serves `exchange.conf` with a real ISC dhcpd on `exchange.bridge` in `sandbox`, and has a probe domain ask from
 * each client's MAC on `exchange.network` (in `exchange.probeSandbox` when given), a few at a time, each destroyed
 * once answered (or after two minutes without an answer); then the dhclient, when asked for. Returns, per client,
 * the addresses dhcpd ACKed to its MAC. The bridge needs an address in a subnet the configuration declares, and no
 * other DHCP server may serve it. dhcpd, the probes, the dhclient and the files are gone when it returns or throws.
 */
export async function dhcpExchange(sandbox: Sandbox, exchange: DhcpExchange): Promise<DhcpExchangeResult> {
  const dir = await mkdtemp(path.join(tmpdir(), "gen-infra-dhcp-exchange-"));
  const probes = exchange.probeSandbox ?? sandbox;
  const live = new Set<string>();
  let dhcpd: Dhcpd | undefined;
  try {
    const atOnce = Math.max(1, exchange.atOnce ?? 3);
    const rounds = Math.ceil(exchange.clients.length / atOnce);
    const serving = rounds * ACK_WAIT_MS + 2 * DHCPD_READY_MS + (exchange.dhclient ? DHCLIENT_LEASE_MS : 0);
    dhcpd = await Dhcpd.inFolder(sandbox, dir, exchange.conf, exchange.bridge, Math.ceil(serving / 1000));
    await dhcpd.ready();

    // A few workers over one queue; one that fails empties it. All settle before the cleanup below runs, so that
    // none starts a probe after it.
    const seconds = new Map<string, number>();
    const queue = [...exchange.clients];
    const server = dhcpd;
    const workers = Array.from({ length: Math.min(atOnce, queue.length) }, async () => {
      try {
        for (let client = queue.shift(); client !== undefined; client = queue.shift())
          seconds.set(client.mac, await probe(probes, server, exchange, client, dir, live));
      } catch (error) {
        queue.length = 0;
        throw error;
      }
    });
    const failed = (await Promise.allSettled(workers)).find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
    // The probes' answers are those logged before the dhclient asks, which may do so from one of their MACs.
    const acks = parseDhcpAcks(await dhcpd.log());
    const dhclient = exchange.dhclient
      ? await dhclientLease(probes, { ...exchange.dhclient, dir, assertServing: () => server.assertRunning() })
      : undefined;

    const log = await dhcpd.log();
    const macs = new Set(exchange.clients.map((client) => client.mac.toLowerCase()));
    return {
      clients: exchange.clients.map((client) => ({
        ...client,
        acked: acks.filter((ack) => ack.mac === client.mac.toLowerCase()).map((ack) => ack.address),
        seconds: seconds.get(client.mac) ?? 0,
      })),
      others: acks.filter((ack) => !macs.has(ack.mac)),
      log,
      ...(dhclient ? { dhclient } : {}),
    };
  } finally {
    for (const name of live)
      await probes.run("virsh", ["-q", "-c", "qemu:///system", "destroy", name], { okExitCodes: [1] });
    await dhcpd?.stop();
    const qemuLogs = exchange.clients.map((client) => `/var/log/libvirt/qemu/${probeName(client)}.log`);
    await probes.run("rm", ["-f", ...qemuLogs]);
    await rm(dir, { recursive: true, force: true });
  }
}

/** A node that asks for its own address, and what it is served. */
interface DhcpBoot {
  /** dhcpd's configuration, served with the client log of withClientLog. */
  conf: string;
  /** The interface dhcpd serves: the bridge of the node's network. */
  bridge: string;
  /** The MAC of the node's NIC on that network. */
  mac: string;
}

interface DhcpBootResult<T> {
  /** What `start` returned. */
  started: T;
  /** The MAC's requests dhcpd answered, with their classes, in order: none when it never asked. */
  requests: ClientRequest[];
  /** Every address dhcpd ACKed to the MAC, in log order. */
  acked: string[];
  /** From the end of `start` to the MAC's first answered request and to its first ACK; null for what never came. */
  requestSeconds: number | null;
  ackSeconds: number | null;
  /** dhcpd's whole output, for a failure message. */
  log: string;
}

/**
 * Serves `boot.conf`, with the client log, with a real ISC dhcpd on `boot.bridge` in `sandbox`, then runs `start`,
 * which powers on the node with `boot.mac` (e.g. startWatchingConsole), and waits until dhcpd ACKs an address to the
 * MAC, or for two minutes. dhcpd and its files are gone when it returns or throws; the node, and stopping it, are
 * the caller's. The bridge needs an address in a subnet the configuration declares, and no other DHCP server.
 */
export async function dhcpBoot<T>(
  sandbox: Sandbox,
  boot: DhcpBoot,
  start: () => Promise<T>,
): Promise<DhcpBootResult<T>> {
  const dir = await mkdtemp(path.join(tmpdir(), "gen-infra-dhcp-boot-"));
  let dhcpd: Dhcpd | undefined;
  try {
    const serving = ACK_WAIT_MS + 2 * DHCPD_READY_MS;
    dhcpd = await Dhcpd.inFolder(sandbox, dir, withClientLog(boot.conf), boot.bridge, Math.ceil(serving / 1000));
    await dhcpd.ready();
    const started = await start();
    const since = Date.now();
    const mac = boot.mac.toLowerCase();
    const requestsOf = (log: string) => parseClientLog(log).filter((request) => request.mac === mac);
    const ackedIn = (log: string) => parseDhcpAcks(log).filter((ack) => ack.mac === mac);
    let requestSeconds: number | null = null;
    let ackSeconds: number | null = null;
    while (ackSeconds === null && Date.now() - since < ACK_WAIT_MS) {
      await dhcpd.assertRunning();
      const log = await dhcpd.log();
      const seconds = (Date.now() - since) / 1000;
      if (requestSeconds === null && requestsOf(log).length > 0) requestSeconds = seconds;
      if (ackedIn(log).length > 0) ackSeconds = seconds;
      else await sleep(POLL_MS);
    }
    const log = await dhcpd.log();
    return {
      started,
      requests: requestsOf(log),
      acked: ackedIn(log).map((ack) => ack.address),
      requestSeconds,
      ackSeconds,
      log,
    };
  } finally {
    await dhcpd?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
