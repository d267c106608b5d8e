// The node options (UEFI, data disks, the arbiter, fencing, day-2 workers, IPv6 first, the OS image stream) against
// the release that installs them: each needs an installer that can express it. And the worker VMs, installed and
// day-2 together, fit the workers' plans.
import type { Finding } from "../findings";
import type { Cluster } from "../model/model";
import { diskRoles, limits } from "../input/spec";
import {
  compareReleases,
  inTechnologyPreview,
  releaseName,
  releases,
  technologyPreviews,
  type Release,
  type TechnologyPreview,
} from "../releases";
import type { Rule } from "./rule";
import {
  dataDisksSymbol,
  lab,
  plain,
  releaseFrom,
  shown,
  the,
  type LabCondition,
  type LabEntity,
  type LabText,
} from "./lab-terms";

interface Option {
  readonly path: readonly string[];
  readonly value: unknown;
  /** What the option is, and what of the installer it needs. */
  readonly what: string;
  readonly since: Release;
  /** The entity whose precondition repeats the check. */
  readonly entity: LabEntity;
  /** Whether the spec uses the option (firmware bios and empty lists do not). */
  readonly used: boolean;
  /**
   * The same over the lab's symbols: a -var override can switch an option on. Absent where none can (the arbiter's
   * resources exist only when the spec has it).
   */
  readonly inUse?: LabText;
  /** What to give instead of the option, where leaving it out is not the whole answer. */
  readonly instead?: string;
}

function requestedOptions(cluster: Cluster): Option[] {
  const { spec } = cluster;
  const options: Option[] = [];
  if (spec.arbiter)
    options.push({
      path: ["arbiter"],
      value: spec.arbiter,
      what: "an arbiter needs the installer's arbiter role",
      since: releases.arbiter.since,
      entity: "arbiter",
      used: true,
    });
  if (cluster.fencing)
    options.push({
      path: ["control_plane"],
      value: spec.control_plane,
      what: "a two-node control plane with fencing needs the installer's controlPlane.fencing",
      since: releases.twoNodeFencing.since,
      entity: "masters",
      used: true,
    });
  if (spec.firmware !== undefined)
    options.push({
      path: ["firmware"],
      value: spec.firmware,
      what: "UEFI firmware needs the hosts' bootMode",
      since: releases.hostBootModeAndRootDeviceHints.since,
      entity: "masters",
      used: spec.firmware === "uefi",
      inUse: lab`${the.firmware} == "uefi"`,
    });
  for (const role of diskRoles) {
    const disks = spec.disks?.[role];
    if (disks === undefined || (role === "arbiter" && !spec.arbiter)) continue;
    options.push({
      path: ["disks", role, "extra_gib"],
      value: disks.extra_gib,
      what: "data disks need the hosts' rootDeviceHints (to keep RHCOS on the OS disk)",
      since: releases.hostBootModeAndRootDeviceHints.since,
      entity: "masters",
      used: disks.extra_gib.length > 0,
      inUse: lab`length(${the[dataDisksSymbol(role)]}) > 0`,
    });
  }
  if (spec.extra_workers !== undefined)
    options.push({
      path: ["extra_workers"],
      value: spec.extra_workers,
      what: "day-2 workers need BareMetalHosts with bootMode and rootDeviceHints",
      since: releases.hostBootModeAndRootDeviceHints.since,
      entity: "workers",
      used: spec.extra_workers > 0,
      inUse: lab`${the.extraWorkerCount} > 0`,
    });
  if (spec.ip_stack === "v6v4")
    options.push({
      path: ["ip_stack"],
      value: spec.ip_stack,
      what: "an IPv6-primary dual stack needs an installer that takes IPv6 first in each network list",
      since: releases.ipv6PrimaryDualStack.since,
      entity: "masters",
      used: true,
      instead: 'use ip_stack "v4v6" (IPv4 first)',
    });
  if (cluster.installer === "agent")
    options.push({
      path: ["installer"],
      value: "agent",
      what: "the agent-based installer",
      since: releases.agentInstaller.since,
      entity: "masters",
      used: true,
      instead: 'use installer "ipi"',
    });
  // Written into install-config.yaml, no Terraform variable, like the installer: the masters stand for the nodes
  // whose RHEL CoreOS it chooses, so that a -var ocp_version too old for the field is refused as well.
  if (cluster.osImageStream !== undefined)
    options.push({
      path: ["os_image_stream"],
      value: cluster.osImageStream,
      what: "an OS image stream needs the installer's osImageStream",
      since: releases.osImageStream.since,
      entity: "masters",
      used: true,
      instead: "leave os_image_stream out (the installer's RHEL CoreOS is then RHEL 9's)",
    });
  if (cluster.agent?.platform === "none" && cluster.masterCount > 1)
    options.push({
      path: ["agent", "platform"],
      value: "none",
      what: "platform none with more than one master (before, the agent-based installer takes platform none for single-node OpenShift only)",
      since: releases.agentSingleNodeOnNoneOrExternal.since,
      entity: "masters",
      used: true,
      instead: 'use agent.platform "baremetal"',
    });
  return options;
}

const tooOldText = (what: string, since: Release, version: LabText | string): LabText =>
  lab`${what}, which OpenShift has from ${releaseName(since)}, but ocp_version is ${version}`;
const tooOld = (what: string, since: Release, version: string): string => plain(tooOldText(what, since, version));

/** A choice of the spec that its release may have only as a Technology Preview. */
interface PreviewChoice {
  readonly used: boolean;
  readonly path: string;
  readonly value: unknown;
  readonly preview: TechnologyPreview;
  /** How the release has it, after "OpenShift 4.19". */
  readonly has: string;
  /** What the release from the preview's `byDefault` on does instead, and any other way out. */
  readonly after: string;
}

const previewChoices = (cluster: Cluster): PreviewChoice[] => [
  {
    used: cluster.spec.arbiter !== undefined,
    path: "arbiter",
    value: cluster.spec.arbiter,
    preview: technologyPreviews.arbiter,
    has: "has the arbiter as a Technology Preview",
    after: "where the arbiter is generally available",
  },
  {
    used: cluster.fencing,
    path: "control_plane",
    value: cluster.spec.control_plane,
    preview: technologyPreviews.fencing,
    has: "has the two-node control plane with fencing as a Technology Preview",
    after: "where the DualReplica feature gate is on by default",
  },
  {
    used: cluster.osImageStream !== undefined,
    path: "os_image_stream",
    value: cluster.osImageStream,
    preview: technologyPreviews.osImageStream,
    has: "has osImageStream only behind the OSStreams feature gate, a Technology Preview",
    after:
      "where the OSStreams feature gate is on by default, or leave os_image_stream out (the installer's RHEL CoreOS is then RHEL 9's)",
  },
];

export const featureVersionRule: Rule<Cluster> = {
  id: "feature-version",
  summary: `Each node option needs an \`ocp_version\` whose installer can express it: \`arbiter\` ${releaseName(releases.arbiter.since)} (${releaseName(releases.arbiter.since)} only with the ${technologyPreviews.arbiter.featureSet} feature set, a warning), \`control_plane\` \`two-node-fencing\` ${releaseName(releases.twoNodeFencing.since)} (before ${releaseName(releases.dualReplicaByDefault.since)} only with the ${technologyPreviews.fencing.featureSet} feature set, a warning), \`firmware\`, data disks and \`extra_workers\` ${releaseName(releases.hostBootModeAndRootDeviceHints.since)} (the hosts' bootMode and rootDeviceHints), \`ip_stack\` \`v6v4\` ${releaseName(releases.ipv6PrimaryDualStack.since)} (IPv6 first in the network lists), \`installer\` \`agent\` ${releaseName(releases.agentInstaller.since)}, \`os_image_stream\` ${releaseName(releases.osImageStream.since)} (before ${releaseName(releases.osStreamsByDefault.since)} only with the ${technologyPreviews.osImageStream.featureSet} feature set, a warning); the error names the option and ocp_version.`,
  check: (cluster) => {
    const { spec, release } = cluster;
    const findings: Finding[] = requestedOptions(cluster)
      .filter((option) => option.used && compareReleases(release, option.since) < 0)
      .map((option) => ({
        severity: "error",
        path: option.path,
        value: option.value,
        message: tooOld(option.what, option.since, spec.ocp_version),
        fix: `set ocp_version to ${releaseName(option.since)} or later, or ${option.instead ?? `leave ${option.path.join(".")} out`}`,
      }));
    for (const choice of previewChoices(cluster))
      if (choice.used && inTechnologyPreview(release, choice.preview))
        findings.push({
          severity: "warning",
          path: [choice.path],
          value: choice.value,
          message: `OpenShift ${spec.ocp_version} ${choice.has}: install-config.yaml sets featureSet ${choice.preview.featureSet}, and such a cluster can never be upgraded`,
          fix: `set ocp_version to ${releaseName(choice.preview.byDefault.since)} or later, ${choice.after}`,
        });
    return findings;
  },
  preconditions: (cluster) => {
    const byEntity: Partial<Record<LabEntity, LabCondition[]>> = {};
    for (const option of requestedOptions(cluster)) {
      const message = lab`${option.path.join(".")}: ${tooOldText(option.what, option.since, shown(the.ocpVersion))}.`;
      (byEntity[option.entity] ??= []).push({
        condition:
          option.inUse === undefined
            ? releaseFrom(option.since)
            : lab`!(${option.inUse}) || ${releaseFrom(option.since)}`,
        message,
      });
    }
    return byEntity;
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
  preconditions: ({ spec }) =>
    spec.extra_workers === undefined
      ? {}
      : {
          workers: [
            {
              condition: lab`${the.workerVms} <= ${workerVmsLimit}`,
              message: lab`number_of_workers + extra_workers is ${shown(the.workerVms)}; the workers' plans hold ${workerVmsLimit}.`,
            },
          ],
        },
};
