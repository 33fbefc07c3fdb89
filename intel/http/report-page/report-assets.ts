import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../common/project-root';
import { loadIdeAssets, type IdeAssets } from '../../../gateway/http/ide/ide-assets';

/** Where `npm run build` (scripts/build-ide.ts) writes the report page's chart bundle (Apache ECharts and the page's code). */
export const REPORT_ASSET_DIR = join(PROJECT_ROOT, 'dist', 'report');
export const REPORT_SCRIPT = 'report-charts.js';

/** The bundle, checked against its build record, or why there is none. */
export function loadReportAssets(dir: string = REPORT_ASSET_DIR): IdeAssets | { readonly unavailable: string } {
  return loadIdeAssets(dir, { [REPORT_SCRIPT]: 'text/javascript; charset=utf-8' });
}
