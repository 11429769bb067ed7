import { useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import Alert from '@cloudscape-design/components/alert';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import { useAuth } from '../auth/auth.tsx';
import { useConsole } from '../context.tsx';
import { serviceNames } from '../config.ts';
import 'swagger-ui-dist/swagger-ui.css';
import '../swagger-overrides.css';

/** Swagger UI over each service's own /openapi.json; "Try it out" sends the signed-in user's token. */
export default function ApiDocs() {
  const { service } = useParams();
  const navigate = useNavigate();
  const { config } = useConsole();
  const { session } = useAuth();
  const available = serviceNames.filter((name) => config.apis[name]);
  const current = service && available.includes(service as never) ? service : available[0];
  const node = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | Error>('loading');
  const url = current ? config.apis[current] : undefined;

  useEffect(() => {
    if (!url || !node.current) return;
    let cancelled = false;
    setState('loading');
    const target = node.current;
    target.replaceChildren();
    import('swagger-ui-dist/swagger-ui-es-bundle.js')
      .then(({ default: SwaggerUIBundle }) => {
        if (cancelled) return;
        SwaggerUIBundle({
          url: `${url}/openapi.json`,
          domNode: target,
          deepLinking: false,
          // Operations first; the schema section stays available below, collapsed.
          docExpansion: 'list',
          defaultModelsExpandDepth: 0,
          requestInterceptor: async (request) => {
            // Only the service's own origin gets the token, never a URL typed into "Try it out".
            if (new URL(request.url, window.location.href).origin === new URL(url).origin) {
              request.headers.Authorization = `Bearer ${await session.token()}`;
            }
            return request;
          },
        });
        setState('ready');
      })
      .catch((error: Error) => !cancelled && setState(error));
    return () => {
      cancelled = true;
    };
  }, [url, session]);

  return (
    <SpaceBetween size="l">
      <Header variant="h1" description="Every route of each service, generated from its OpenAPI document. Try it out sends requests as you.">
        API documentation
      </Header>
      {available.length === 0 && <Alert type="info">No API is configured on this stage.</Alert>}
      {current && (
        <SegmentedControl
          selectedId={current}
          label="Service"
          options={available.map((name) => ({ id: name, text: name }))}
          onChange={({ detail }) => navigate(`/api-docs/${detail.selectedId}`)}
        />
      )}
      {state instanceof Error && (
        <Alert type="error" header="The documentation viewer did not load">
          {state.message}
        </Alert>
      )}
      <Container>
        {state === 'loading' && <Spinner />}
        <div ref={node} className="swagger-ui-host" />
      </Container>
    </SpaceBetween>
  );
}
