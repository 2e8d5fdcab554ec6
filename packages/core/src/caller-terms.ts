import { ALLOW_INSECURE_LOOPBACK_VARIABLE } from "./environment.js";

/**
 * How the caller sets a client's options, so that an error names what the caller can change: a
 * library user passes options, a CLI user types flags and sets variables, a plugin user edits its
 * config. Each part is optional; the defaults name the library's options.
 */
export interface CallerTerms {
  /**
   * Names the place a base URL option came from, as a noun phrase: `option` is `baseUrl`, or
   * `baseUrls.<server>` for a family's other hosts. Default: `the baseUrl option`.
   */
  readonly baseUrlOption?: (option: string, server: string | undefined) => string;
  /** Says how to give a credential, besides its environment variables. Default: `pass the "apiKey" option`. */
  readonly credentialRemedy?: (key: string) => string;
  /** Says how to allow plain http to a loopback host (the simulator). */
  readonly insecureLoopbackRemedy?: string;
}

/** The library's own terms: option names. */
export const LIBRARY_TERMS: Required<CallerTerms> = {
  baseUrlOption: (option) => `the ${option} option`,
  credentialRemedy: (key) => `pass the "${key}" option`,
  insecureLoopbackRemedy: `pass allowInsecureLoopback: true (or set ${ALLOW_INSECURE_LOOPBACK_VARIABLE}=1)`,
};

/** The caller's terms, the library's where the caller gives none. */
export function callerTerms(terms: CallerTerms | undefined): Required<CallerTerms> {
  if (terms === undefined) return LIBRARY_TERMS;
  return {
    baseUrlOption: terms.baseUrlOption ?? LIBRARY_TERMS.baseUrlOption,
    credentialRemedy: terms.credentialRemedy ?? LIBRARY_TERMS.credentialRemedy,
    insecureLoopbackRemedy: terms.insecureLoopbackRemedy ?? LIBRARY_TERMS.insecureLoopbackRemedy,
  };
}
