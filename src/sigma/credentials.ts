import { CLIENT_ID_ENV, CLIENT_SECRET_ENV } from '../rules/credentials';

/**
 * Where the handler Terraform runs finds the client id and secret of a Sigma API client: the
 * names of two environment variables of the environment Terraform runs in.
 *
 * Only the names enter the configuration, the plan and the state; the values are read by the
 * handler when Terraform runs it, and never leave it. Give each Sigma organization of a stack its
 * own pair, as a provider alias would: for example production and staging, or one organization
 * per business unit.
 */
export class SigmaCredentials {
  /**
   * The default: `SIGMA_CLIENT_ID` and `SIGMA_CLIENT_SECRET`.
   */
  public static fromDefaultEnvironment(): SigmaCredentials {
    return new SigmaCredentials(CLIENT_ID_ENV, CLIENT_SECRET_ENV);
  }

  /**
   * Credentials read from these environment variables. Each name is a letter or `_`, then
   * letters, digits or `_` (not `SIGMA_API_URL` nor `SIGMA_AUDIT_LOGS_*`, which the handler uses
   * for its own settings), and the two differ; a construct reports a name that breaks these
   * rules at synth. The names must be literal strings, not values Terraform computes.
   *
   * `SIGMA_API_URL` does not override the API URL of an integration whose credentials come from
   * named variables (an organization's credentials go only to its own URL): name a third variable,
   * `apiUrlVariable`, to allow an override of this organization's URL (e.g. an emulator or a proxy).
   *
   * @param clientIdVariable name of the variable holding the client id, e.g. `SIGMA_STAGING_CLIENT_ID`
   * @param clientSecretVariable name of the variable holding the client secret, e.g. `SIGMA_STAGING_CLIENT_SECRET`
   * @param apiUrlVariable name of a variable that, when set, overrides the integration's `apiUrl` at apply time, e.g. `SIGMA_STAGING_API_URL`
   */
  public static fromEnvironment(clientIdVariable: string, clientSecretVariable: string, apiUrlVariable?: string): SigmaCredentials {
    return new SigmaCredentials(clientIdVariable, clientSecretVariable, apiUrlVariable);
  }

  /** Name of the environment variable that holds the client id. */
  public readonly clientIdVariable: string;
  /** Name of the environment variable that holds the client secret. */
  public readonly clientSecretVariable: string;
  /**
   * Name of the environment variable that may override this organization's API URL.
   *
   * @default - none: the declared `apiUrl` is used (SIGMA_API_URL applies only to the default variables)
   */
  public readonly apiUrlVariable?: string;

  private constructor(clientIdVariable: string, clientSecretVariable: string, apiUrlVariable?: string) {
    this.clientIdVariable = clientIdVariable;
    this.clientSecretVariable = clientSecretVariable;
    this.apiUrlVariable = apiUrlVariable;
  }
}
