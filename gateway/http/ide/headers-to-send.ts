/**
 * The headers GraphiQL's page actually sends: a header left empty, or an Authorization that is a
 * bare "Bearer", is left out; otherwise the unfilled placeholder would reach the gateway as a
 * malformed token and turn every request into a 401. Anything else goes as typed (trimmed), so
 * the gateway can say what is wrong with it.
 */
export function headersToSend(headers: Readonly<Record<string, unknown>>): Record<string, string> {
  const sent: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') continue;
    const trimmed = value.trim();
    if (trimmed === '' || (name.toLowerCase() === 'authorization' && /^bearer$/i.test(trimmed))) continue;
    sent[name] = trimmed;
  }
  return sent;
}
