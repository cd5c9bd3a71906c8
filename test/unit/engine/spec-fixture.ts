/** Literal specs and create requests for the engine's pure tests (built on test/helpers/project.ts). */
import type { ContainerSpec } from '../../../src/recipe/model.js';
import type { CreateRequest } from '../../../src/engine/engine.js';
import { container } from '../../helpers/project.js';

export function spec(overrides: Partial<ContainerSpec> = {}): ContainerSpec {
  return container('web', overrides);
}

export function request(overrides: Partial<ContainerSpec> = {}, extra: Partial<CreateRequest> = {}): CreateRequest {
  return {
    spec: spec(overrides),
    name: 'demo-web-1',
    project: 'demo',
    session: 's1',
    network: 'demo_default',
    labels: {},
    ...extra,
  };
}
