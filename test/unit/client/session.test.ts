import { expect } from 'chai';
import { ApiError, type Session } from '../../../client/src/api.js';
import { nextView, SESSION_ENDED, type View } from '../../../client/src/session.js';

const session: Session = {
  user: { id: 'u1', username: 'analyst1', displayName: 'Analyst One', role: 'analyst' },
  purpose: 'Op Phoenix weekly tasking',
};
const signedIn: View = { kind: 'signed-in', session };

describe('client/session', () => {
  it('when a dialog states a new purpose, then the one session the header reads carries it', () => {
    const after = nextView(signedIn, { type: 'purpose', purpose: 'Partnership meeting, March' });
    expect(after).to.deep.equal({ kind: 'signed-in', session: { ...session, purpose: 'Partnership meeting, March' } });
  });

  it('when the server asks for the purpose again (428), then the session has none and the purpose form shows', () => {
    const after = nextView(signedIn, { type: 'problem', error: new ApiError(428, 'Purpose required', 'State a purpose.') });
    expect(after).to.deep.equal({ kind: 'signed-in', session: { ...session, purpose: null } });
  });

  it('when the session has ended (401), then the app is signed out with a notice', () => {
    const after = nextView(signedIn, { type: 'problem', error: new ApiError(401, 'Unauthorized', 'Sign in.') });
    expect(after).to.deep.equal({ kind: 'signed-out', notice: SESSION_ENDED });
  });

  it('when a page’s own request fails (400, 404, 0), then the session is left as it was', () => {
    for (const status of [0, 400, 403, 404, 500]) {
      expect(nextView(signedIn, { type: 'problem', error: new ApiError(status, 'Failed', 'Failed.') })).to.equal(signedIn);
    }
  });

  it('when a purpose arrives while signed out, then nothing changes', () => {
    const out: View = { kind: 'signed-out' };
    expect(nextView(out, { type: 'purpose', purpose: 'Late answer' })).to.equal(out);
  });

  it('when signing in, then the session is the one given; signing out keeps the notice', () => {
    expect(nextView({ kind: 'loading' }, { type: 'signed-in', session })).to.deep.equal(signedIn);
    expect(nextView(signedIn, { type: 'signed-out', notice: 'You have signed out.' })).to.deep.equal({ kind: 'signed-out', notice: 'You have signed out.' });
    expect(nextView(signedIn, { type: 'signed-out' })).to.deep.equal({ kind: 'signed-out' });
  });
});
