// The agent-based installer: what a spec may ask of it. Its lab has no provision VM, no provisioning network and no
// BMCs, so a key the spec gives for those means nothing there and is refused, naming it; a key left out is not
// (its default is simply unused). Single-node OpenShift is the agent installer's alone, on platform none.
import type { Finding } from "../findings";
import { agentDefaults, type Spec } from "../input/spec";
import type { Rule } from "./rule";
import { releaseOf, releaseHas, releases, releaseName } from "../releases";
import { masterCountOf } from "../model/model";

/** The spec, and the keys it names itself: a default looks the same as a value given. */
export interface GivenSpec {
  readonly spec: Spec;
  readonly given: ReadonlySet<string>;
}

const noProvisioning = "the agent-based installer's lab has no provisioning network";
const noProvisionVm =
  "the agent-based installer runs on your machine and on the rendezvous host: the lab has no provision VM";
const noBmc = "the agent-based installer drives no BMC: each node boots the agent ISO from its CD-ROM";

/** The IPI keys, and why each means nothing to the agent-based installer. */
const ipiKeys: Readonly<Record<string, string>> = {
  architecture: `${noBmc}, and ${noProvisioning}`,
  provisioning_network: noProvisioning,
  bmc_driver: noBmc,
  bmc: noBmc,
  provision_net_addr: noProvisioning,
  provision_net_addr_v6: noProvisioning,
  master_provision_mac_base: noProvisioning,
  worker_provision_mac_base: noProvisioning,
  provision_mac: noProvisionVm,
  provision_resources: noProvisionVm,
};

export const agentKeysRule: Rule<GivenSpec> = {
  id: "agent-keys",
  summary:
    "With `installer` `agent`, the spec gives none of the IPI keys (`architecture`, `provisioning_network`, `bmc_driver`, `bmc`, the provisioning network's and the provision VM's keys): the agent lab has no provisioning network, no provision VM and no BMCs. `agent` is given only with `installer` `agent`.",
  check: ({ spec, given }) => {
    if (spec.installer !== "agent")
      return given.has("agent")
        ? [
            {
              severity: "error",
              path: ["agent"],
              value: spec.agent,
              message: "sets up the agent-based installer, but installer is not agent",
              fix: 'set installer to "agent", or leave agent out',
            },
          ]
        : [];
    return Object.entries(ipiKeys)
      .filter(([key]) => given.has(key))
      .map(([key, why]): Finding => ({
        severity: "error",
        path: [key],
        value: spec[key as keyof Spec],
        message: `means nothing with installer agent: ${why}`,
        fix: `leave ${key} out, or use installer "ipi"`,
      }));
  },
  notInTerraform: "installer is a literal of the generated files: the IPI keys have no variables in an agent lab",
};

/** What single-node OpenShift needs besides number_of_masters 1. */
function singleNodeFindings(spec: Spec): Finding[] {
  if (spec.number_of_masters !== 1) return [];
  const platform = spec.agent?.platform ?? agentDefaults.platform;
  const needs: [boolean, Finding][] = [
    [
      spec.installer === "agent",
      {
        severity: "error",
        path: ["number_of_masters"],
        value: 1,
        message: "single-node OpenShift is built here only with the agent-based installer",
        fix: 'set installer to "agent" (with agent.platform "none" and number_of_workers 0), or use 3 masters',
      },
    ],
    [
      spec.number_of_workers === 0,
      {
        severity: "error",
        path: ["number_of_workers"],
        value: spec.number_of_workers,
        message: "must be 0 with number_of_masters 1: single-node OpenShift has no workers at install",
        fix: "set number_of_workers to 0",
      },
    ],
    [
      spec.installer !== "agent" || platform === "none",
      {
        severity: "error",
        path: ["agent", "platform"],
        value: platform,
        message:
          "must be none with number_of_masters 1: the installer takes single-node OpenShift only on platform none or external",
        fix: 'set agent.platform to "none"',
      },
    ],
    [
      spec.arbiter === undefined,
      {
        severity: "error",
        path: ["number_of_masters"],
        value: 1,
        message: "cannot be given with arbiter, whose control plane is two masters and the arbiter",
        fix: "leave number_of_masters out, or the arbiter",
      },
    ],
  ];
  return needs.filter(([holds]) => !holds).map(([, finding]) => finding);
}

/** The rendezvous host must be a master the cluster has: the installer refuses a worker as the rendezvous host. */
function rendezvousFindings(spec: Spec): Finding[] {
  const host = spec.agent?.rendezvous_host ?? agentDefaults.rendezvous_host;
  const masters = masterCountOf(spec);
  const index = Number(/\d+$/.exec(host)?.[0]);
  if (host.startsWith("master") && index < masters) return [];
  return [
    {
      severity: "error",
      path: ["agent", "rendezvous_host"],
      value: host,
      message: `must be one of this cluster's masters (master0 to master${masters - 1}): the rendezvous host runs the control plane's assisted service, and the installer refuses a worker's address as rendezvousIP`,
      fix: "name a master such as master0",
    },
  ];
}

/** Node options the agent lab does not build. */
function optionFindings(spec: Spec): Finding[] {
  const findings: Finding[] = [];
  if (spec.firmware === "bios")
    findings.push({
      severity: "error",
      path: ["firmware"],
      value: "bios",
      message:
        "the agent-based installer ignores any boot mode but UEFI on bare metal, so the agent lab's nodes are UEFI",
      fix: 'leave firmware out, or set it to "uefi"',
    });
  if (spec.extra_workers !== undefined)
    findings.push({
      severity: "error",
      path: ["extra_workers"],
      value: spec.extra_workers,
      message:
        "day-2 workers are BareMetalHosts that the installer's BMC driver provisions; an agent-installed cluster adds nodes by booting an ISO of `oc adm node-image create`, which gen-infra does not prepare",
      fix: "leave extra_workers out, and raise number_of_workers instead",
    });
  if (spec.arbiter !== undefined && !releaseHas(releaseOf(spec.ocp_version), releases.agentArbiterRole))
    findings.push({
      severity: "error",
      path: ["arbiter"],
      value: spec.arbiter,
      message: `the agent-based installer takes the host role arbiter in agent-config.yaml from OpenShift ${releaseName(releases.agentArbiterRole.since)}, but ocp_version is ${spec.ocp_version}: before, it has no arbiter host to boot`,
      fix: `set ocp_version to ${releaseName(releases.agentArbiterRole.since)} or later, or leave arbiter out`,
    });
  // Before 4.22 the field does not exist, which the feature-version rule says.
  const release = releaseOf(spec.ocp_version);
  if (
    spec.os_image_stream !== undefined &&
    releaseHas(release, releases.osImageStream) &&
    !releaseHas(release, releases.agentOsImageStream)
  )
    findings.push({
      severity: "error",
      path: ["os_image_stream"],
      value: spec.os_image_stream,
      message: `the agent-based installer passes osImageStream on to the cluster and boots its stream's ISO from OpenShift ${releaseName(releases.agentOsImageStream.since)}, but ocp_version is ${spec.ocp_version}: before, it checks the field and then ignores it, and the nodes run its default stream`,
      fix: `set ocp_version to ${releaseName(releases.agentOsImageStream.since)} or later, or leave os_image_stream out`,
    });
  const platformNone = (spec.agent?.platform ?? agentDefaults.platform) === "none";
  // The installer's networking rules allow IPv6 first in a dual stack on platform baremetal, not on none.
  if (platformNone && spec.ip_stack === "v6v4")
    findings.push({
      severity: "error",
      path: ["ip_stack"],
      value: "v6v4",
      message:
        "puts IPv6 first, which the installer allows in a dual stack on platform baremetal but not on agent.platform none (the installer: IPv4 addresses must be listed before IPv6 addresses)",
      fix: 'use ip_stack "v4v6", or agent.platform "baremetal"',
    });
  if (platformNone)
    for (const key of ["api_vip_v6", "ingress_vip_v6"] as const)
      if (spec[key] !== undefined)
        findings.push({
          severity: "error",
          path: [key],
          value: spec[key],
          message: "is a VIP, and agent.platform none has none: the support VM's DNS points at the nodes instead",
          fix: `leave ${key} out, or set agent.platform to "baremetal"`,
        });
  return findings;
}

export const agentRule: Rule<Spec> = {
  id: "agent",
  summary: `Single-node OpenShift (\`number_of_masters\` 1) only with \`installer\` \`agent\`, \`agent.platform\` \`none\`, no workers and no arbiter; with \`installer\` \`agent\`, \`agent.rendezvous_host\` is a master, and the spec has no \`firmware\` \`bios\`, no \`extra_workers\`, an \`arbiter\` only from ${releaseName(releases.agentArbiterRole.since)} (the installer's host role arbiter), an \`os_image_stream\` only from ${releaseName(releases.agentOsImageStream.since)} (before, the agent-based installer ignores it), and on platform \`none\` no IPv6 VIPs and no \`ip_stack\` \`v6v4\` (the installer takes IPv6 first on baremetal only).`,
  check: (spec) => [
    ...singleNodeFindings(spec),
    ...(spec.installer === "agent" ? [...rendezvousFindings(spec), ...optionFindings(spec)] : []),
  ],
  notInTerraform:
    "installer, number_of_masters, os_image_stream and the agent settings are literals of the generated files",
};
