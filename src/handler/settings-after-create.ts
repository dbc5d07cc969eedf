/**
 * Whether a settings step runs right after the create step of the same apply, which has just done
 * its work. Imports nothing of the network path: the handler decides this before building a client.
 */
import { IDENTITY_CREATED_AT_ENV, IntegrationSpec, PLANNED_AT_ENV } from './spec';
import { terraformInstant } from './terraform-time';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * True when the settings step (apply with an integrationId) runs in the apply whose create step
 * made or adopted the integration: the identity was created at or after the running plan's time
 * (both RFC 3339 times from Terraform, compared as instants; the same second counts, as
 * Terraform's times are whole seconds). That create step brought the integration to the declared
 * destination, whether it created, adopted or recognised a lost create, and waited until it was
 * ready, so a second pass would only repeat its calls.
 *
 * Every other settings step makes its calls as before: a destination change or a `-replace` of
 * settings (reconcile) keeps an identity created by an earlier apply; a rerun after a failed or
 * stopped apply either creates identity again (then its own create step did the work) or keeps the
 * one an earlier apply created, which is older than the new plan. A missing or unreadable time
 * (an identity deployed by an earlier version, a run by hand) takes the usual path too. Should
 * clocks disagree so that a later step is skipped, the destination read after it fails on drift.
 */
export function isSettingsRightAfterCreate(spec: Pick<IntegrationSpec, 'integrationId'>, env: Environment): boolean {
  if (!spec.integrationId) return false;
  const created = terraformInstant(env[IDENTITY_CREATED_AT_ENV]);
  const planned = terraformInstant(env[PLANNED_AT_ENV]);
  return created !== undefined && planned !== undefined && created >= planned;
}
