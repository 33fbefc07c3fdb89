import { runMain } from '../common/config-error';
import { startSchedule } from './alerts/schedule';
import { buildIntelService } from './app';
import { resolveIntelConfig } from './config';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

runMain(async () => {
  const config = resolveIntelConfig(process.env);
  const app = buildIntelService({ config, logger: process.env.LOG_LEVEL !== 'silent' });
  const address = await app.listen({ host: config.host, port: config.port });
  process.stdout.write(`intel listening on ${address} (reports ${address}/reports/joint-conference.html, engine reading ${config.gatewayUrl})\n`);
  const schedule = startSchedule(app.riskEngine, config, app.log);
  const stop = () => {
    schedule.stop();
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
