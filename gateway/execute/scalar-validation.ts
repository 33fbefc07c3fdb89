import { isScalarType, type GraphQLSchema } from 'graphql';
import { UsccScalar } from '../../common/scalars/uscc.scalar';

/**
 * The supergraph only names its scalars; the gateway gives USCC its real parsing so a malformed
 * code is refused with BAD_USER_INPUT before any plan is made or any subgraph is called.
 */
export function installScalarValidation(schema: GraphQLSchema): void {
  const uscc = schema.getType('USCC');
  if (!uscc || !isScalarType(uscc)) return;
  uscc.parseValue = UsccScalar.parseValue;
  uscc.parseLiteral = UsccScalar.parseLiteral;
}
