// The provisioning network mode and the BMC driver make a pairing the installer takes, and an explicit
// architecture agrees with the halves the spec names. The installer refuses a driver that network-boots (ipmi,
// redfish) without a provisioning network ("driver ... requires provisioning network"); the CIDR rules of Managed
// and Unmanaged are the networks rules'.
import type { Finding } from "../findings";
import type { Cluster } from "../model/model";
import { architecturePairing } from "../input/management";
import type { Rule } from "./rule";
import { lab, shown, the } from "./lab-terms";

export const managementRule: Rule<Cluster> = {
  id: "management",
  summary:
    "`provisioning_network` and `bmc_driver` make a pairing the installer takes: `ipmi` and `redfish` network-boot the nodes, so they need a Managed or Unmanaged provisioning network, and Disabled needs `redfish-virtualmedia`; an `architecture` given with them stands for the same halves (vbmc: Managed with ipmi; redfish: Disabled with virtual media). The error names both keys.",
  check: ({ spec, management, installer }) => {
    // The agent lab has neither: the agent-keys rule refuses the keys.
    if (installer === "agent") return [];
    const findings: Finding[] = [];
    if (spec.architecture) {
      const implied = architecturePairing(spec.architecture, spec.bmc.redfish_scheme);
      const halves = [
        ["bmc_driver", spec.bmc_driver, implied.bmcDriver],
        ["provisioning_network", spec.provisioning_network, implied.provisioningNetwork],
      ] as const;
      for (const [key, given, stands] of halves)
        if (given !== undefined && given !== stands)
          findings.push({
            severity: "error",
            path: [key],
            value: given,
            message: `contradicts architecture ${spec.architecture}, which stands for ${key} ${stands}`,
            fix: `leave architecture out and name both halves (provisioning_network, bmc_driver), or set ${key} to ${stands}`,
          });
    }
    const { bmcDriver, provisioning } = management;
    if (!provisioning && bmcDriver !== "redfish-virtualmedia") {
      // Said of the key that made the driver: bmc_driver, bmc.redfish_scheme behind architecture redfish, or the
      // mode that contradicts architecture vbmc.
      const installer = `(the installer: driver ${bmcDriver} requires provisioning network)`;
      findings.push(
        spec.bmc_driver
          ? {
              severity: "error",
              path: ["bmc_driver"],
              value: spec.bmc_driver,
              message: `network-boots the nodes, so it needs a provisioning network, but provisioning_network is Disabled ${installer}`,
              fix: "use bmc_driver redfish-virtualmedia, or provisioning_network Managed or Unmanaged",
            }
          : spec.architecture === "redfish"
            ? {
                severity: "error",
                path: ["bmc", "redfish_scheme"],
                value: spec.bmc.redfish_scheme,
                message: `is the driver ${bmcDriver}, which network-boots the nodes, but architecture redfish has no provisioning network ${installer}`,
                fix: "use a redfish-virtualmedia scheme, or name the halves: provisioning_network Managed with bmc_driver redfish",
              }
            : {
                severity: "error",
                path: ["provisioning_network"],
                value: spec.provisioning_network,
                message: `leaves the BMC driver ${bmcDriver} without the provisioning network it network-boots the nodes over ${installer}`,
                fix: "use bmc_driver redfish-virtualmedia, or provisioning_network Managed or Unmanaged",
              },
      );
    }
    return findings;
  },
  preconditions: ({ options }) =>
    options.management
      ? {
          chuckyNetwork: [
            {
              condition: lab`${the.provisioning} || ${the.bmcDriver} == "redfish-virtualmedia"`,
              message: lab`bmc_driver ${shown(the.bmcDriver)} with provisioning_network Disabled: the installer refuses it (driver ${shown(the.bmcDriver)} requires provisioning network). Use redfish-virtualmedia, or Managed or Unmanaged.`,
            },
            {
              condition: lab`(${the.architecture} == "vbmc") == (${the.bmcDriver} == "ipmi")`,
              message: lab`architecture ${shown(the.architecture)} contradicts bmc_driver ${shown(the.bmcDriver)}: vbmc is the ipmi driver, redfish the Redfish ones.`,
            },
          ],
        }
      : {},
};
