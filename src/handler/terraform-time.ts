/**
 * The times Terraform hands the handler (`timestamp()` recorded in the state, `plantimestamp()`):
 * RFC 3339 with an offset. Read strictly, because a value Date.parse would guess at (`1`, a date
 * without offset) must never decide that a create was lost or a settings step has nothing to do.
 */
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** The instant (ms) of a Terraform time; undefined for anything else. */
export function terraformInstant(value: string | undefined): number | undefined {
  if (value === undefined || !RFC_3339.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}
