// Which platform an install-config.yaml names. Pure.
import type { InstallConfig } from "./install-config-types";

/**
 * The installer's Platform.Name(): the platform's key, such as "baremetal" or "none"; "" where none is given. A
 * config that gives several is refused before any rule that asks.
 */
export const platformName = (config: InstallConfig): string => Object.keys(config.platform ?? {})[0] ?? "";
