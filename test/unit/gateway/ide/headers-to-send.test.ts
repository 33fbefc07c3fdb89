import { headersToSend } from '../../../../gateway/http/ide/headers-to-send';

describe('headersToSend', () => {
  it('drops empty headers and an Authorization with no token, and keeps the rest trimmed', () => {
    expect(headersToSend({ Authorization: 'Bearer ', 'X-Purpose': '', 'content-type': 'application/json' })).toEqual({ 'content-type': 'application/json' });
    expect(headersToSend({ authorization: '  bearer  ', 'X-Purpose': ' COMPLAINT_HANDLING ' })).toEqual({ 'X-Purpose': 'COMPLAINT_HANDLING' });
    expect(headersToSend({ Authorization: 'Bearer abc.def.ghi' })).toEqual({ Authorization: 'Bearer abc.def.ghi' });
  });

  it('sends a malformed value as typed, so the gateway can say what is wrong with it', () => {
    expect(headersToSend({ Authorization: 'Basic xyz' })).toEqual({ Authorization: 'Basic xyz' });
  });

  it('ignores values that are not strings (the header editor is free JSON)', () => {
    expect(headersToSend({ 'X-Count': 3, 'X-Flag': null, 'X-Ok': 'yes' })).toEqual({ 'X-Ok': 'yes' });
  });
});
