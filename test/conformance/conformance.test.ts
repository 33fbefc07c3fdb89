import { FEATURES } from './features';
import { describeFeatures } from './harness/run-features';

// Plain @apollo/gateway and the gateway under test (CONFORMANCE_TARGET, or buildGateway) on the
// same supergraphs and requests; see test/conformance/harness/scenario.ts for the verdicts.
describeFeatures(FEATURES);
