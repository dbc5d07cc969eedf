/** Plain-text tables and key/value blocks for the human output of the commands. */

/** Columns separated by two spaces, each as wide as its widest cell; the last is not padded. */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].map((l) => `${l}\n`).join('');
}

/** `label:  value` lines, values aligned, indented by `indent` spaces. */
export function formatFields(fields: ReadonlyArray<readonly [string, string]>, indent = 2): string {
  const width = Math.max(0, ...fields.map(([label]) => label.length + 1));
  return fields.map(([label, value]) => `${' '.repeat(indent)}${`${label}:`.padEnd(width)}  ${value}\n`).join('');
}
