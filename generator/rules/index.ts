// Every rule, in the order they run: spec rules make the model computable, cluster rules check the model.
import type { Spec } from "../spec";
import type { Cluster } from "../model";
import type { Finding } from "../findings";
import type { Rule } from "./rule";
import { hostBitsRule, networkOverlapRule, networkReservedRule, networkSizeRule } from "./networks";
import { macNotZeroRule, macUniqueRule } from "./macs";
import { addressesRule } from "./addresses";
import { dnsNameLengthRule, namesRule } from "./names";
import { bondingVersionRule } from "./versions";
import { capacityRule } from "./capacity";
import { installerRule } from "./installer";
import { hostKeyRule, plainTransportRule, vncExposureRule } from "./safety";

export const specRules: readonly Rule<Spec>[] = [
  hostBitsRule,
  networkSizeRule,
  networkReservedRule,
  networkOverlapRule,
];
export const clusterRules: readonly Rule<Cluster>[] = [
  macUniqueRule,
  macNotZeroRule,
  addressesRule,
  namesRule,
  dnsNameLengthRule,
  bondingVersionRule,
  vncExposureRule,
  hostKeyRule,
  plainTransportRule,
  capacityRule,
  installerRule,
];
export const allRules: readonly (Rule<Spec> | Rule<Cluster>)[] = [...specRules, ...clusterRules];

export const checkSpec = (spec: Spec): Finding[] => specRules.flatMap((rule) => rule.check(spec));
export const checkCluster = (cluster: Cluster): Finding[] => clusterRules.flatMap((rule) => rule.check(cluster));
