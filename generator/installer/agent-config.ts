// agent-config.yaml under the agent-based installer (pkg/asset/agent/agentconfig): read strictly and converted
// (agent-config-load.ts), then its own rules: the rendezvousIP an address, the NTP sources names or addresses, the
// boot artifacts' base URL absolute; then the hosts' (agent-hosts.ts), which before releases.agentBaremetalHosts are
// among its own rules, and from it a step of their own that runs only once these pass. Where the rendezvousIP must
// be is not among them: the installer does not hold it against the machine network. Pure.
import type { AgentConfig } from "./agent-config-types";
import type { InstallConfig } from "./install-config-types";
import { goQuote, invalidString, validIpDetail, type FieldError } from "./errors";
import { readAgentConfig } from "./agent-config-load";
import { agentHostErrors, agentHostsOf, agentHostWarnings } from "./agent-hosts";
import { loadInstallConfig } from "./loaded";
import { dns1123SubdomainProblems } from "./hosts";
import { parseIp } from "../model/ip";
import { pathOf } from "./paths";
import { releaseHas, releases, type Release } from "../releases";

/** pkg/validate's DomainName, a trailing dot allowed. */
const isDomainName = (name: string) => dns1123SubdomainProblems(name.replace(/\.$/, "")).length === 0;

function ntpSourceErrors(sources: readonly string[], release: Release): FieldError[] {
  const invalidSources = sources
    .map((source, i) => ({ source, i }))
    .filter(({ source }) => parseIp(source) === undefined && !isDomainName(source));
  if (!releaseHas(release, releases.agentNtpServersRule)) {
    const detail = "NTP source is not a valid domain name nor a valid IP";
    return invalidSources.map(({ source, i }) => invalidString(`AdditionalNTPSources[${i}]`, source, detail));
  }
  // The baremetal platform's rule, which names the list, not the entry.
  const path = pathOf(release, "AdditionalNTPSources", "additionalNTPSources");
  return invalidSources.map(({ source }) => invalidString(path, source, "NTP server is not a valid IP or domain name"));
}

/** pkg/validate's URI: Go's url.Parse must find a scheme. */
function uriProblem(uri: string): string | undefined {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri) ? undefined : `invalid URI ${goQuote(uri)} (no scheme)`;
}

/** The AgentConfig asset's rules of the file's own fields. */
function ownFieldErrors(config: AgentConfig, release: Release): FieldError[] {
  const rendezvousIP = config.rendezvousIP ?? "";
  const baseURL = config.bootArtifactsBaseURL ?? "";
  const baseURLProblem = baseURL === "" ? undefined : uriProblem(baseURL);
  return [
    ...(rendezvousIP !== "" && parseIp(rendezvousIP) === undefined
      ? [invalidString("rendezvousIP", rendezvousIP, validIpDetail(rendezvousIP))]
      : []),
    ...ntpSourceErrors(config.additionalNTPSources ?? [], release),
    ...(releaseHas(release, releases.agentBootArtifactsBaseUrl) && baseURLProblem !== undefined
      ? [invalidString("bootArtifactsBaseURL", baseURL, baseURLProblem)]
      : []),
  ];
}

/**
 * What the installer of the release reports about agent-config.yaml, given as its YAML document (undefined where
 * there is no such file), beside this install-config.yaml: the hosts may come from either. The install-config's own
 * errors are agentInstallConfigErrors': the installer reports them first and stops there, so this assumes there are
 * none.
 */
export function agentConfigErrors(agentConfig: unknown, installConfig: InstallConfig, release: Release): FieldError[] {
  const read = agentConfig === undefined ? undefined : readAgentConfig(agentConfig, release);
  if (read !== undefined && "stopped" in read) return [read.stopped];
  const config = read?.config;
  if (config !== undefined) {
    const own = ownFieldErrors(config, release);
    if (!releaseHas(release, releases.agentBaremetalHosts)) {
      return [...own, ...agentHostErrors(config.hosts ?? [], config.rendezvousIP ?? "", release)];
    }
    if (own.length > 0) return own;
  }
  const loaded = loadInstallConfig(installConfig, release);
  if ("stopped" in loaded) return [];
  return agentHostErrors(agentHostsOf(config, loaded.config, release), config?.rendezvousIP ?? "", release);
}

/** The installer's warnings (its lines) about the hosts of agent-config.yaml and install-config.yaml, from 4.15. */
export function agentConfigWarnings(agentConfig: unknown, installConfig: InstallConfig, release: Release): string[] {
  const read = agentConfig === undefined ? undefined : readAgentConfig(agentConfig, release);
  // Where agent-config.yaml fails, the hosts are never gathered, and nothing is said of them.
  if (read !== undefined && ("stopped" in read || ownFieldErrors(read.config, release).length > 0)) return [];
  const loaded = loadInstallConfig(installConfig, release);
  if ("stopped" in loaded) return [];
  const listsHosts = installConfig.platform.baremetal?.hosts !== undefined;
  return agentHostWarnings(read?.config, loaded.config, listsHosts, release);
}
