import { FEATURES } from './features';
import { describeFeatures } from './harness/run-features';
import { ourGateway } from './harness/targets';

// The same suite with EXECUTOR=apollo: our pipeline on @apollo/gateway's executor instead of our
// own plan executor, so that both execution paths give the library's answers (or our fixes).
describeFeatures(FEATURES, { target: (keys) => ourGateway({ ...keys.env, EXECUTOR: 'apollo' }) });
