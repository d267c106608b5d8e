// Every rule, in the order they run: spec rules make the model computable, cluster rules check the model, and
// artefact rules check what is built from a model that passed them.
import type { Spec } from "../input/spec";
import type { Cluster } from "../model/model";
import { hasErrors, type Finding } from "../findings";
import type { Rule } from "./rule";
import { hostBitsRule, networkOverlapRule, networkReservedRule, networkSizeRule } from "./networks";
import { networkCanonicalRule, networkSizeV6Rule } from "./networks-v6";
import { macNotZeroRule, macUniqueRule } from "./macs";
import { addressesRule } from "./addresses";
import { dnsNameLengthRule, namesRule } from "./names";
import { bondingVersionRule } from "./bonding-version";
import { capacityRule } from "./capacity";
import { controlPlaneSpreadRule, hypervisorsRule, overlayMtuRule, overlayRule, placementRule } from "./hypervisors";
import { featureVersionRule, workerVmsRule } from "./node-options";
import { managementRule } from "./management";
import { installerRule } from "./installer-rules";
import { hostKeyRule, plainTransportRule, vncExposureRule } from "./safety";
import { domainTypeCpuRule } from "./domain-type";
import { ipStackRule } from "./ip-stack";
import { agentKeysRule, agentRule, type GivenSpec } from "./agent";
import { bmcCaFileRule, bmcCaVerificationRule } from "./bmc-ca";
import { twoNodeFencingRule } from "./two-node-fencing";
import { provisionOsRule } from "./provision-os";

const specRules: readonly Rule<Spec>[] = [
  hostBitsRule,
  networkSizeRule,
  networkCanonicalRule,
  networkSizeV6Rule,
  networkReservedRule,
  networkOverlapRule,
  domainTypeCpuRule,
  ipStackRule,
  agentRule,
  provisionOsRule,
];
/** Rules that must know which keys the spec gives itself. */
const givenRules: readonly Rule<GivenSpec>[] = [agentKeysRule, bmcCaVerificationRule];
const clusterRules: readonly Rule<Cluster>[] = [
  macUniqueRule,
  macNotZeroRule,
  addressesRule,
  namesRule,
  dnsNameLengthRule,
  bondingVersionRule,
  featureVersionRule,
  workerVmsRule,
  managementRule,
  bmcCaFileRule,
  twoNodeFencingRule,
  vncExposureRule,
  hostKeyRule,
  plainTransportRule,
  hypervisorsRule,
  placementRule,
  controlPlaneSpreadRule,
  overlayRule,
  overlayMtuRule,
  capacityRule,
];
const artefactRules: readonly Rule<Cluster>[] = [installerRule];
export const allRules: readonly (Rule<Spec> | Rule<GivenSpec> | Rule<Cluster>)[] = [
  ...givenRules,
  ...specRules,
  ...clusterRules,
  ...artefactRules,
];

export const checkSpec = (spec: Spec, given: ReadonlySet<string>): Finding[] => [
  ...givenRules.flatMap((rule) => rule.check({ spec, given })),
  ...specRules.flatMap((rule) => rule.check(spec)),
];
export function checkCluster(cluster: Cluster): Finding[] {
  const findings = clusterRules.flatMap((rule) => rule.check(cluster));
  // An artefact built from a model with errors (an address past its network's end) says nothing new.
  return hasErrors(findings) ? findings : [...findings, ...artefactRules.flatMap((rule) => rule.check(cluster))];
}
