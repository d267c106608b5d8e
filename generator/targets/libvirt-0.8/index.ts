// Terraform with the libvirt provider's 0.8 line (dmacvicar/libvirt 0.8.3): the target every lab is built with today.
import type { Target } from "../target";
import { fileNames, render } from "./render";
import { variables } from "./variables";
import { entityResources, variableOf } from "./conditions";

export const libvirt08: Target = {
  id: "libvirt-0.8",
  // Its Terraform for several hosts (a provider per host, the nodes grouped by host) is not written yet.
  hypervisorsAtMost: 1,
  fileNames,
  variables,
  variableOf,
  resourceOf: (entity) => entityResources[entity],
  render,
};
