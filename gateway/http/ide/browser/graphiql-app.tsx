/**
 * The browser side of the gateway's GraphiQL page, bundled by scripts/build-ide.ts. Everything
 * it needs is in the bundle (fonts are data URLs in GraphiQL's CSS): it fetches nothing but this
 * gateway's own /graphql.
 */
import { DOC_EXPLORER_PLUGIN } from '@graphiql/plugin-doc-explorer';
import { useSchemaStore, type GraphiQLPlugin } from '@graphiql/react';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { setNonce } from 'get-nonce';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { EXAMPLE_HEADERS, EXAMPLE_QUERY, EXAMPLE_VARIABLES } from '../example';
import { headersToSend } from '../headers-to-send';
import './gateway-ide.css';

// GraphiQL's dialogs (through Radix) lock scrolling with a <style> element, which the page's CSP
// admits only with the nonce the gateway gave this page's script.
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce;
if (nonce) setNonce(nonce);

const fetcher = createGraphiQLFetcher({
  // The page's own URL is the endpoint, behind whatever path prefix a proxy adds.
  url: new URL(window.location.pathname, window.location.href).href,
  enableIncrementalDelivery: false,
  fetch: (input, init) => fetch(input, { ...init, headers: headersToSend((init?.headers ?? {}) as Record<string, unknown>) }),
});

/** The gateway's own words from a refused introspection, for the docs pane. */
function refusalOf(fetchError: string): { message: string; code: string | null } {
  try {
    const body = JSON.parse(fetchError) as { errors?: { message?: string; extensions?: { code?: string } }[] };
    const first = body.errors?.[0];
    if (first?.message) return { message: first.message, code: first.extensions?.code ?? null };
  } catch {
    // not a GraphQL response: a network error, shown as it is
  }
  return { message: fetchError, code: null };
}

const ExplorerContent = DOC_EXPLORER_PLUGIN.content;

/**
 * The docs pane. The gateway may refuse introspection (to anonymous callers, or to everyone):
 * GraphiQL's own pane then says only "Error fetching schema", so this says why and what to do.
 */
function SchemaDocs() {
  const fetchError = useSchemaStore((state) => state.fetchError);
  const schema = useSchemaStore((state) => state.schema);
  const introspect = useSchemaStore((state) => state.introspect);
  if (!fetchError || schema) return <ExplorerContent />;
  const refusal = refusalOf(fetchError);
  return (
    <section className="gateway-ide-refusal" role="alert">
      <div className="graphiql-doc-explorer-title">No schema</div>
      <p>The gateway did not return its schema to this caller:</p>
      <blockquote>
        {refusal.message}
        {refusal.code ? <code> ({refusal.code})</code> : null}
      </blockquote>
      <p>
        Introspection may be limited to authenticated callers. Paste a token after <code>Bearer </code> in the
        Headers tab, then fetch the schema again. Queries still run without it, with no completion or docs.
      </p>
      <button type="button" className="graphiql-button" onClick={() => void introspect()}>
        Fetch the schema again
      </button>
    </section>
  );
}

const DOCS_PLUGIN: GraphiQLPlugin = { ...DOC_EXPLORER_PLUGIN, content: SchemaDocs };

function GatewayIde() {
  // GraphiQL 4.1 decides whether the plugin pane starts hidden before it applies its
  // `visiblePlugin` prop, so that prop never opens the pane on load; the docs button does.
  useEffect(() => {
    const open = () => document.querySelector<HTMLButtonElement>(`.graphiql-sidebar button[aria-label="Show ${DOCS_PLUGIN.title}"]`)?.click();
    const timer = setTimeout(open, 0);
    return () => clearTimeout(timer);
  }, []);
  return (
    <GraphiQL
      fetcher={fetcher}
      referencePlugin={DOCS_PLUGIN}
      // GraphiQL 4 takes the first tab's variables only from this prop, not from defaultTabs.
      query={EXAMPLE_QUERY}
      variables={EXAMPLE_VARIABLES}
      defaultHeaders={EXAMPLE_HEADERS}
      defaultEditorToolsVisibility="variables"
      shouldPersistHeaders={false}
      defaultTheme="light"
    >
      <GraphiQL.Logo>Education data-sharing gateway</GraphiQL.Logo>
    </GraphiQL>
  );
}

createRoot(document.getElementById('graphiql')!).render(<GatewayIde />);
