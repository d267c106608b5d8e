// What a target is: the part of gen-infra that knows one infrastructure tool and one provider generation. The
// compiler hands it a checked lab and writes its files beside the lab files every target shares
// (artefacts/lab-files.ts); nothing outside generator/targets/ knows its resource names, variables or syntax.
import type { Cluster } from "../model/model";
import type { Lab } from "../lab/lab";
import type { LabEntity, LabSymbol } from "../rules/lab-terms";

/** A Terraform variable as the target declares it: what a `-var` override can turn on an applied lab. */
interface TargetVariable {
  readonly name: string;
  readonly description: string;
}

export interface Target {
  /** The target's folder under generator/targets/ and templates/. */
  readonly id: string;
  /** How many hypervisors one lab of it may list. */
  readonly hypervisorsAtMost: number;
  /** The files it writes, in the order it writes and lists them; a lab may need only some of them. */
  readonly fileNames: readonly string[];
  /** Its input variables, for this lab. */
  readonly variables: (cluster: Cluster) => readonly TargetVariable[];
  /** The variable a lab symbol stands for, where a rule validates it there. */
  readonly variableOf: (symbol: LabSymbol, cluster: Cluster) => string | undefined;
  /** The resource whose creation a rule's precondition on a lab entity guards. */
  readonly resourceOf: (entity: LabEntity) => string;
  /**
   * Its files for this lab, by name: the lab says what to build and where; the model gives the spec's values, which
   * the target's variables default to.
   */
  readonly render: (lab: Lab, cluster: Cluster, sourceName: string) => ReadonlyMap<string, string>;
}
