// What test/global-setup.ts hands to test/global-teardown.ts. Both run in jest's main process, before the workers
// start and after they end, so the environment carries it (and passes the token on to every child).
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export const suiteEnv = {
  /** $TMPDIR as the user had it ("" when unset), put back at the end. */
  originalTmpdir: "GEN_INFRA_SUITE_ORIGINAL_TMPDIR",
  /** The run's private $TMPDIR, inside the one it was started with. */
  own: "GEN_INFRA_SUITE_TMPDIR",
  /** A random value in every process the run starts, unless a child scrubs its environment. */
  token: "GEN_INFRA_SUITE_TOKEN",
} as const;

/** The prefix of every scratch folder the suite makes, so that one left behind says where it came from. */
export const scratchPrefix = "gen-infra-";

export interface SuiteProcess {
  readonly pid: number;
  readonly command: string;
}

const readOr = (file: string, fallback: string): string => {
  try {
    return readFileSync(file, "latin1");
  } catch {
    return fallback;
  }
};

const linkOr = (file: string, fallback: string): string => {
  try {
    return readlinkSync(file);
  } catch {
    return fallback;
  }
};

/**
 * Live processes that belong to the run: they carry its token, or run in or from its private $TMPDIR (which
 * catches Terraform and the stand-in provider even when the harness gives them a clean environment). Empty where
 * there is no /proc.
 */
export function suiteProcesses(token: string, own: string, exclude: ReadonlySet<number>): SuiteProcess[] {
  let pids: number[];
  try {
    pids = readdirSync("/proc")
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
  const found: SuiteProcess[] = [];
  for (const pid of pids) {
    if (exclude.has(pid)) continue;
    const stat = readOr(`/proc/${pid}/stat`, "");
    // A zombie has finished; only its parent's wait is missing, and it holds nothing.
    if (stat === "" || /^\d+ \(.*\) Z /s.test(stat)) continue;
    const environ = readOr(`/proc/${pid}/environ`, "").split("\0");
    const command = readOr(`/proc/${pid}/cmdline`, "").split("\0").join(" ").trim();
    const cwd = linkOr(`/proc/${pid}/cwd`, "");
    const inOwn = (text: string) => text === own || text.startsWith(`${own}/`);
    if (environ.includes(`${suiteEnv.token}=${token}`) || inOwn(cwd) || command.includes(own))
      found.push({ pid, command: command || `(pid ${pid})` });
  }
  return found;
}
