// The node options (UEFI, data disks, the arbiter, day-2 workers) against the release that installs them: each
// needs an installer that can express it. And the worker VMs, installed and day-2 together, fit the workers' plans.
import type { Finding } from "../findings";
import type { Cluster } from "../model/model";
import { diskRoles, limits } from "../spec/spec";
import { installerHas } from "../artefacts/installer-releases";
import type { Rule, TerraformCondition } from "./rule";

interface Option {
  readonly path: readonly string[];
  readonly value: unknown;
  /** What the option is, and what of the installer it needs. */
  readonly what: string;
  readonly since: number;
  /** The resource whose precondition repeats the check. */
  readonly resource: string;
  /** Whether the spec uses the option (firmware bios and empty lists do not). */
  readonly used: boolean;
  /**
   * The same in HCL, over the variables: a -var override can switch an option on. Absent where no variable can
   * (the arbiter's resources exist only when the spec has it).
   */
  readonly inUse?: string;
}

function requestedOptions(cluster: Cluster): Option[] {
  const { spec } = cluster;
  const options: Option[] = [];
  if (spec.arbiter)
    options.push({
      path: ["arbiter"],
      value: spec.arbiter,
      what: "an arbiter needs the installer's arbiter role",
      since: installerHas.arbiter,
      resource: "libvirt_domain.arbiter_domains",
      used: true,
    });
  if (spec.firmware !== undefined)
    options.push({
      path: ["firmware"],
      value: spec.firmware,
      what: "UEFI firmware needs the hosts' bootMode",
      since: installerHas.hostBootModeAndRootDeviceHints,
      resource: "libvirt_domain.master_domains",
      used: spec.firmware === "uefi",
      inUse: 'var.firmware == "uefi"',
    });
  for (const role of diskRoles) {
    const disks = spec.disks?.[role];
    if (disks === undefined || (role === "arbiter" && !spec.arbiter)) continue;
    options.push({
      path: ["disks", role, "extra_gib"],
      value: disks.extra_gib,
      what: "data disks need the hosts' rootDeviceHints (to keep RHCOS on the OS disk)",
      since: installerHas.hostBootModeAndRootDeviceHints,
      resource: "libvirt_domain.master_domains",
      used: disks.extra_gib.length > 0,
      inUse: `length(var.${role}_disks.extra_gib) > 0`,
    });
  }
  if (spec.extra_workers !== undefined)
    options.push({
      path: ["extra_workers"],
      value: spec.extra_workers,
      what: "day-2 workers need BareMetalHosts with bootMode and rootDeviceHints",
      since: installerHas.hostBootModeAndRootDeviceHints,
      resource: "libvirt_domain.worker_domains",
      used: spec.extra_workers > 0,
      inUse: "var.extra_workers > 0",
    });
  return options;
}

const tooOld = (what: string, since: number, version: string) =>
  `${what}, which OpenShift has from 4.${since}, but ocp_version is ${version}`;

export const featureVersionRule: Rule<Cluster> = {
  id: "feature-version",
  summary: `Each node option needs an \`ocp_version\` whose installer can express it: \`arbiter\` 4.${installerHas.arbiter} (4.${installerHas.arbiter} only with the TechPreviewNoUpgrade feature set, a warning), \`firmware\`, data disks and \`extra_workers\` 4.${installerHas.hostBootModeAndRootDeviceHints} (the hosts' bootMode and rootDeviceHints); the error names the option and ocp_version.`,
  check: (cluster) => {
    const { spec, ocpMinor } = cluster;
    const findings: Finding[] = requestedOptions(cluster)
      .filter((option) => option.used && ocpMinor < option.since)
      .map((option) => ({
        severity: "error",
        path: option.path,
        value: option.value,
        message: tooOld(option.what, option.since, spec.ocp_version),
        fix: `set ocp_version to 4.${option.since} or later, or leave ${option.path.join(".")} out`,
      }));
    if (spec.arbiter && ocpMinor >= installerHas.arbiter && ocpMinor < installerHas.arbiterByDefault)
      findings.push({
        severity: "warning",
        path: ["arbiter"],
        value: spec.arbiter,
        message: `OpenShift ${spec.ocp_version} has the arbiter as a Technology Preview: install-config.yaml sets featureSet TechPreviewNoUpgrade, and such a cluster can never be upgraded`,
        fix: `set ocp_version to 4.${installerHas.arbiterByDefault} or later, where the arbiter is generally available`,
      });
    return findings;
  },
  preconditions: (cluster) => {
    const byResource: Record<string, TerraformCondition[]> = {};
    for (const option of requestedOptions(cluster)) {
      const message = `${option.path.join(".")}: ${tooOld(option.what, option.since, "${var.ocp_version}")}.`;
      (byResource[option.resource] ??= []).push({
        condition:
          option.inUse === undefined
            ? `local.ocp_minor_version >= ${option.since}`
            : `!(${option.inUse}) || local.ocp_minor_version >= ${option.since}`,
        message,
      });
    }
    return byResource;
  },
};

const workerVmsLimit = limits.extraWorkers.max;

export const workerVmsRule: Rule<Cluster> = {
  id: "worker-vms",
  summary: `\`number_of_workers\` + \`extra_workers\` is at most ${workerVmsLimit}: the day-2 workers continue the workers' MAC, address and BMC port plans, which hold ${workerVmsLimit} workers.`,
  check: ({ spec, workerVms }) =>
    workerVms > workerVmsLimit
      ? [
          {
            severity: "error",
            path: ["extra_workers"],
            value: spec.extra_workers,
            message: `makes ${workerVms} worker VMs with number_of_workers ${spec.number_of_workers}; the workers' plans hold ${workerVmsLimit}`,
            fix: `build at most ${workerVmsLimit - spec.number_of_workers} extra workers`,
          },
        ]
      : [],
  preconditions: ({ spec }): Record<string, TerraformCondition[]> =>
    spec.extra_workers === undefined
      ? {}
      : {
          "libvirt_domain.worker_domains": [
            {
              condition: `local.worker_vms <= ${workerVmsLimit}`,
              message: `number_of_workers + extra_workers is \${local.worker_vms}; the workers' plans hold ${workerVmsLimit}.`,
            },
          ],
        },
};
