/** Operator controls of one instance: cancel, pause, resume, retry. Each answers the instance. */
import type { ApiRoutePlugin } from '../plugins/type-provider.js';
import type { Engine, InstanceView } from '../../engine/index.js';
import { instanceIdParamsSchema, instanceRef, problemResponses } from '../schemas/index.js';

const CONTROLS: Record<
  string,
  { summary: string; run(engine: Engine, id: string): Promise<InstanceView> }
> = {
  cancel: {
    summary: 'Cancel an active, paused or failed instance (final)',
    run: (engine, id) => engine.cancel(id),
  },
  pause: {
    summary: 'Pause an active instance: its events are held until resumed',
    run: (engine, id) => engine.pause(id),
  },
  resume: {
    summary: 'Resume a paused instance, applying the events it held',
    run: (engine, id) => engine.resume(id),
  },
  retry: {
    summary: 'Retry a failed instance: re-run its failed activity or failing event',
    run: (engine, id) => engine.retry(id),
  },
};

export const instanceControlRoutes: ApiRoutePlugin<{ engine: Engine }> = (
  app,
  { engine },
  done,
) => {
  for (const [action, control] of Object.entries(CONTROLS)) {
    app.post(
      `/api/instances/:id/${action}`,
      {
        schema: {
          tags: ['instances'],
          summary: control.summary,
          params: instanceIdParamsSchema,
          response: { 200: instanceRef, ...problemResponses(400, 401, 404, 409) },
        },
      },
      async (request) => control.run(engine, request.params.id),
    );
  }
  done();
};
