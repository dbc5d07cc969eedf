/**
 * The synthesized stack with the handler asset's content hash replaced by a placeholder: the
 * hash changes whenever the handler changes, which is not what an example snapshot is about.
 */
export function stableHandlerPaths(synth: string): string {
  return synth.replace(/(SigmaAuditLogsHandler\/)[0-9A-F]{32}(?=\/)/g, '$1<HANDLER_HASH>');
}
