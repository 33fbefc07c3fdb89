import { HTTP_ERROR_CODES } from '../../../common/http/http-errors';
import { GATEWAY_ERROR_CODES } from '../../../gateway/errors/error-catalogue';
import { SUBGRAPH_ERROR_CODES } from '../../../subgraphs/shared/errors';

describe('HTTP-level error codes', () => {
  it('are in the gateway\'s catalogue and in the subgraphs\'', () => {
    for (const code of Object.values(HTTP_ERROR_CODES)) {
      expect({ code, gateway: code in GATEWAY_ERROR_CODES, subgraphs: code in SUBGRAPH_ERROR_CODES }).toEqual({ code, gateway: true, subgraphs: true });
    }
  });
});
