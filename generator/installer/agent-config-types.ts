// agent-config.yaml as the installer's types name it (pkg/types/agent Config and Host, the interfaces
// assisted-service's, the root device hints and BMC the baremetal platform's). Every field is optional to the
// installer. What the installer accepts key by key is agent-config-load.ts's.

export interface AgentConfig {
  /** v1beta1; v1alpha1 is still read. */
  readonly apiVersion?: string;
  /** AgentConfig by convention: the installer reads no kind. */
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  /** NTP servers, names or addresses, for every host. */
  readonly additionalNTPSources?: readonly string[];
  /** The address of the host that runs the installation service (node 0). */
  readonly rendezvousIP?: string;
  /** From 4.14: where the PXE artifacts are served. */
  readonly bootArtifactsBaseURL?: string;
  readonly hosts?: readonly AgentHost[];
  /** From 4.18. */
  readonly minimalISO?: boolean;
}

export interface AgentHost {
  readonly hostname?: string;
  /** "master" or "worker"; from 4.20 "arbiter". */
  readonly role?: string;
  readonly rootDeviceHints?: RootDeviceHints;
  /** How the host is recognised: at least one, each with its MAC address. */
  readonly interfaces?: readonly { readonly name?: string; readonly macAddress?: string }[];
  /** nmstate, passed through to the host. */
  readonly networkConfig?: unknown;
  /** From 4.15. A Go field without a JSON name, so its key is BMC (any case). */
  readonly BMC?: {
    readonly username?: string;
    readonly password?: string;
    readonly address?: string;
    readonly disableCertificateVerification?: boolean;
  };
}

interface RootDeviceHints {
  readonly deviceName?: string;
  readonly hctl?: string;
  readonly model?: string;
  readonly vendor?: string;
  readonly serialNumber?: string;
  readonly minSizeGigabytes?: number;
  readonly wwn?: string;
  readonly wwnWithExtension?: string;
  readonly wwnVendorExtension?: string;
  readonly rotational?: boolean;
}
