// The hosts against the replicas of the control plane, the arbiter pool and compute (pkg/types/baremetal/validation
// validateHostsCount). Apart from the other rules (see index.ts). Pure.
import type { BaremetalHost, InstallConfig } from "./install-config-types";
import { releaseHas, releases, type Release } from "../releases";
import { required, type FieldError } from "./errors";
import { hostsKey, platformPath } from "./paths";
import { unknownFieldError } from "./load";
import { upconvertVips } from "./conversion";
import { withInstallerDefaults } from "./defaults";
import { arbiterPool, controlPlaneReplicas } from "./arbiter";

interface Replicas {
  readonly masters: number;
  readonly arbiters: number;
  readonly workers: number;
}

/**
 * The replicas the hosts must cover, after the installer's defaults: 3 for a pool without replicas, one worker
 * pool (of 3) when compute has none. Arbiters only from 4.19, where the installer reads the pool.
 */
function requiredReplicas(config: InstallConfig, release: Release): Replicas {
  const compute = config.compute?.length ? config.compute : [{ name: "worker" as const, replicas: undefined }];
  return {
    masters: controlPlaneReplicas(config),
    arbiters: arbiterPool(config, release)?.replicas ?? 0,
    workers: compute.reduce((sum, pool) => sum + (pool.replicas ?? 3), 0),
  };
}

/**
 * The hosts counted by role, in the installer's (sorted) order: a host without a role, or with one the release
 * does not know ("arbiter" before 4.19), fills the first of the control plane, the arbiters, compute still short.
 */
function countHosts(hosts: readonly BaremetalHost[], wanted: Replicas, release: Release): Replicas {
  const knowsArbiter = releaseHas(release, releases.arbiter);
  return hosts.reduce(
    (count, host): Replicas => {
      const role: string = host.role ?? "";
      const add = (key: keyof Replicas): Replicas => ({ ...count, [key]: count[key] + 1 });
      if (role === "master") return add("masters");
      if (role === "arbiter" && knowsArbiter) return add("arbiters");
      if (role === "worker") return add("workers");
      const short = (["masters", "arbiters", "workers"] as const).find((key) => count[key] < wanted[key]);
      return short === undefined ? count : add(short);
    },
    { masters: 0, arbiters: 0, workers: 0 },
  );
}

/** The installer's one error, for the first pool its hosts do not cover; undefined when they cover all. */
function hostCountProblem(hosts: readonly BaremetalHost[], wanted: Replicas, release: Release): string | undefined {
  const notEnough = (found: number, what: string, replicas: number) =>
    `not enough hosts found (${found}) to support all the configured ${what} replicas (${replicas})`;
  if (!releaseHas(release, releases.hostCountsByRole)) {
    const total = wanted.masters + wanted.workers;
    return hosts.length < total ? notEnough(hosts.length, "ControlPlane and Compute", total) : undefined;
  }
  const found = countHosts(hosts, wanted, release);
  const pools = [
    { key: "masters", what: "ControlPlane" },
    { key: "arbiters", what: "Arbiter" },
    { key: "workers", what: "Compute" },
  ] as const;
  const short = pools.find(({ key }) => found[key] < wanted[key]);
  return short === undefined ? undefined : notEnough(found[short.key], short.what, wanted[short.key]);
}

/**
 * What the installer of the release reports about the number of hosts against the replicas of the control plane,
 * the arbiter pool (from 4.19, whether or not its feature gate is on) and compute; nothing where the installer
 * stops before, at loading or conversion. Apart from installerErrors (see index.ts); a caller wants both.
 */
export function hostCountErrors(config: InstallConfig, release: Release): FieldError[] {
  if (unknownFieldError(config, release) !== undefined) return [];
  const converted = upconvertVips(config, release);
  if (converted.error !== undefined) return [];
  const defaulted = withInstallerDefaults(converted.config, release);
  // Only the baremetal platform lists hosts to count.
  const hosts = defaulted.platform.baremetal?.hosts;
  if (hosts === undefined) return [];
  const problem = hostCountProblem(hosts, requiredReplicas(defaulted, release), release);
  return problem === undefined ? [] : [required(`${platformPath}.${hostsKey(release)}`, problem)];
}
