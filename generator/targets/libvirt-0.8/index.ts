// Terraform with the libvirt provider's 0.8 line (dmacvicar/libvirt 0.8.3): the target every lab is built with today.
import type { Target } from "../target";
import { fileNames, render } from "./render";
import { variables } from "./variables";
import { entityResources, variableOf } from "./conditions";
import { limits } from "../../input/spec";

export const libvirt08: Target = {
  id: "libvirt-0.8",
  // As many as the spec lists: a provider alias per host, the nodes grouped by host (hosts.ts).
  hypervisorsAtMost: limits.hypervisors,
  fileNames,
  variables,
  variableOf,
  resourceOf: (entity) => entityResources[entity],
  render,
};
