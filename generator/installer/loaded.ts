// What the installer holds when its rules run: install-config.yaml read, converted and given the installer's
// defaults, with its networks parsed; or the errors it stops at before any rule. Every install method loads it the
// same way. Pure.
import type { InstallConfig } from "./install-config-types";
import type { FieldError } from "./errors";
import { unknownFieldError } from "./load";
import { readNetworks, type Networks } from "./networks";
import { upconvertVips } from "./conversion";
import { withInstallerDefaults } from "./defaults";
import type { Release } from "../releases";

export type Loaded =
  { readonly stopped: readonly FieldError[] } | { readonly config: InstallConfig; readonly networks: Networks };

export function loadInstallConfig(config: InstallConfig, release: Release): Loaded {
  const unknown = unknownFieldError(config, release);
  if (unknown !== undefined) return { stopped: [unknown] };
  // A network it cannot parse stops it at reading the file too.
  const unreadable = readNetworks(config).errors;
  if (unreadable.length > 0) return { stopped: unreadable };
  const converted = upconvertVips(config, release);
  if (converted.error !== undefined) return { stopped: [converted.error] };
  const defaulted = withInstallerDefaults(converted.config, release);
  return { config: defaulted, networks: readNetworks(defaulted).networks };
}
