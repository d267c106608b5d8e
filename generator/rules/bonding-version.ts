// The seed silently builds no bond before the release with per-host network configuration; gen-infra says so.
import type { Cluster } from "../model/model";
import { releaseHas, releases, releaseName } from "../releases";
import type { Rule } from "./rule";
import { lab, plain, releaseFrom, shown, the, type LabText } from "./lab-terms";

const noBondText = (version: LabText | string): LabText =>
  lab`bonding_nic is true but OpenShift ${version} is older than ${releaseName(releases.bonding.since)}: no bond will be built`;
const noBond = (version: string): string => plain(noBondText(version));

export const bondingVersionRule: Rule<Cluster> = {
  id: "bonding-version",
  summary: `\`bonding_nic\` on a release before ${releaseName(releases.bonding.since)} is a warning, since no bond will be built.`,
  check: ({ spec, release }) =>
    spec.bonding_nic && !releaseHas(release, releases.bonding)
      ? [
          {
            severity: "warning",
            path: ["bonding_nic"],
            value: true,
            message: noBond(spec.ocp_version),
            fix: `set ocp_version to ${releaseName(releases.bonding.since)} or later, or bonding_nic to false`,
          },
        ]
      : [],
  warnings: [
    {
      condition: lab`!${the.bondingRequested} || ${releaseFrom(releases.bonding.since)}`,
      message: lab`${noBondText(shown(the.ocpVersion))}.`,
    },
  ],
};
