import * as assert from 'node:assert/strict';
import { RestartPolicy } from '../../client/src/restartPolicy';

describe('client restart policy', () => {
  it('restarts a crashed server three times in three minutes, then gives up', () => {
    let t = 0;
    const policy = new RestartPolicy(3, 180_000, () => t);
    assert.deepEqual([1, 2, 3, 4].map(() => ((t += 1000), policy.onCrash())), ['restart', 'restart', 'restart', 'give-up']);
  });

  it('forgets crashes older than the window, and after a manual restart', () => {
    let t = 0;
    const policy = new RestartPolicy(1, 1000, () => t);
    assert.equal(policy.onCrash(), 'restart');
    t = 500;
    assert.equal(policy.onCrash(), 'give-up');
    t = 5000;
    assert.equal(policy.onCrash(), 'restart');
    policy.reset();
    assert.equal(policy.onCrash(), 'restart');
  });
});
