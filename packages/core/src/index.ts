export { authHeaders, type CredentialValues } from "./auth-headers.js";
export {
  type BaseUrlSource,
  type ResolveBaseUrlOptions,
  resolveBaseUrl,
  serverAsSource,
} from "./base-url.js";
export * from "./budget.js";
export * from "./client.js";
export {
  type CredentialSource,
  type ResolveCredentialsOptions,
  type ResolvedCredentials,
  requireCredential,
  resolveCredentials,
  type SecretProvider,
} from "./credentials.js";
export { defaultEnv, type Env, envFlag } from "./env.js";
export {
  ALLOW_INSECURE_LOOPBACK_VARIABLE,
  type EnvironmentVariable,
  environmentVariables,
  SERVER_NAMES,
} from "./environment.js";
export * from "./errors.js";
export {
  type AuthScheme,
  type CredentialSpec,
  FAMILIES,
  FAMILY_LIST,
  type FamilyName,
  type FamilySpec,
  familyNamed,
  SERVERS,
  type ServerName,
  type ServerSpec,
} from "./families.js";
export * from "./host-policy.js";
export { HTTP_SETTING_LIMITS, type HttpSettings, readHttpSettings } from "./http-settings.js";
export * from "./operations.js";
export * from "./poll.js";
export * from "./redact.js";
export * from "./sse.js";
export * from "./transport.js";
