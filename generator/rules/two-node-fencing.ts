// A two-node control plane with fencing: each master fences the other through its BMC, which the cluster drives
// over Redfish alone (dev-scripts refuses ipmi for it, and the installer from 4.22). It is a control plane of its
// own, so it excludes the others (the arbiter, number_of_masters), and the agent-based installer, which refuses two
// masters without an arbiter before 4.22 and whose fencing gen-infra does not build.
import type { Finding } from "../findings";
import type { Cluster } from "../model/model";
import { releases, releaseName } from "../releases";
import type { Rule } from "./rule";
import { lab, shown, the } from "./lab-terms";

const path = ["control_plane"];
const value = "two-node-fencing";

function fencingFindings({ spec, management, installer }: Cluster): Finding[] {
  const findings: Finding[] = [];
  if (installer === "agent")
    findings.push({
      severity: "error",
      path,
      value,
      message: `is not built with installer agent: the agent-based installer refuses two masters without an arbiter before OpenShift ${releaseName(releases.agentTwoNodeRules.since)}, and gen-infra writes the fencing credentials only into the installer-provisioned install-config.yaml`,
      fix: 'use installer "ipi" with architecture "redfish", or leave control_plane out',
    });
  else if (management.bmcDriver === "ipmi")
    findings.push({
      severity: "error",
      path,
      value,
      message: `needs a Redfish BMC for each master to fence the other, but the BMC driver is ipmi (${spec.bmc_driver ? "bmc_driver" : "architecture"} ${spec.bmc_driver ?? management.architecture}): fencing speaks Redfish only`,
      fix: 'set architecture "redfish", or bmc_driver "redfish-virtualmedia" or "redfish"',
    });
  if (spec.arbiter !== undefined)
    findings.push({
      severity: "error",
      path,
      value,
      message: "cannot be given with arbiter: a two-node control plane has either an arbiter or fencing",
      fix: "leave control_plane or arbiter out",
    });
  if (spec.number_of_masters !== undefined)
    findings.push({
      severity: "error",
      path: ["number_of_masters"],
      value: spec.number_of_masters,
      message: "cannot be given with control_plane two-node-fencing, whose control plane is two masters",
      fix: "leave number_of_masters or control_plane out",
    });
  return findings;
}

export const twoNodeFencingRule: Rule<Cluster> = {
  id: "two-node-fencing",
  summary:
    "`control_plane` `two-node-fencing` needs a Redfish BMC driver (`architecture` `redfish`, or `bmc_driver` `redfish` or `redfish-virtualmedia`: fencing refuses ipmi) and the installer-provisioned flow, and cannot be given with `arbiter` or `number_of_masters`.",
  check: (cluster) => (cluster.fencing ? fencingFindings(cluster) : []),
  // A -var override of the BMC driver could take the masters' Redfish BMCs away.
  preconditions: ({ fencing, installer, options }) =>
    fencing && installer === "ipi"
      ? {
          masters: [
            options.management
              ? {
                  condition: lab`${the.bmcDriver} != "ipmi"`,
                  message: lab`bmc_driver ${shown(the.bmcDriver)}: a two-node control plane with fencing needs a Redfish BMC driver.`,
                }
              : {
                  condition: lab`${the.architecture} == "redfish"`,
                  message: lab`architecture ${shown(the.architecture)}: a two-node control plane with fencing needs Redfish BMCs.`,
                },
          ],
        }
      : {},
};
