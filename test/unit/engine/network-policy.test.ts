/** A container's network policy as engine arguments and as the networks it joins. */
import { describe, expect, it } from 'vitest';
import { buildCreateArgs, DOCKER_DIALECT } from '../../../src/engine/run-args.js';
import { INTERNAL_NETWORK_KEY, networkAttachments, networkKeys } from '../../../src/stack/networks.js';
import { container, project } from '../../helpers/project.js';
import { request } from './spec-fixture.js';

const networkArgs = (args: string[]) => args.flatMap((a, i) => (a === '--network' || a === '--network-alias' ? [a, args[i + 1]!] : []));

describe('network policy', () => {
  it('none: --network none and no alias, on both engines', () => {
    expect(networkArgs(buildCreateArgs(request({ network: 'none' })))).toEqual(['--network', 'none']);
    expect(networkArgs(buildCreateArgs(request({ network: 'none' }), DOCKER_DIALECT))).toEqual(['--network', 'none']);
  });

  it('internal joins only the internal network; default containers of the same project join it too', () => {
    const p = project('demo', [container('web'), container('job', { network: 'internal' }), container('box', { network: 'none' })]);
    const [web, job, box] = ['web', 'job', 'box'].map((n) => p.containers[n]!);
    expect(networkKeys(p, job!)).toEqual([INTERNAL_NETWORK_KEY]);
    expect(networkAttachments(p, job!)).toEqual([{ name: 'demo__internal', aliases: [] }]);
    expect(networkAttachments(p, web!)).toEqual([{ name: 'demo_default', aliases: [] }, { name: 'demo__internal', aliases: [] }]);
    expect(networkKeys(p, box!)).toEqual([]);
    const args = buildCreateArgs({ ...request(), spec: web!, networks: networkAttachments(p, web!) });
    expect(networkArgs(args)).toEqual(['--network', 'demo_default:alias=web', '--network', 'demo__internal:alias=web']);
  });

  it('without an internal container nothing changes: the default network alone', () => {
    const p = project('demo', [container('web')]);
    expect(networkAttachments(p, p.containers.web!)).toBeUndefined();
    expect(networkKeys(p, p.containers.web!)).toEqual(['default']);
  });
});
