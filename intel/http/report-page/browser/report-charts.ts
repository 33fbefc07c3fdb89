import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

/** What the server embeds in the page (a JSON data block, never executed): the report's chart series. */
interface ChartData {
  readonly divisions: string[];
  readonly lists: { name: string; values: number[] }[];
  readonly complaintsByCategory: { name: string; value: number }[];
  readonly alertsByLevel: { name: string; values: number[] }[];
  readonly rates: { name: string; values: (number | null)[] }[];
}

declare global {
  interface Window {
    /** How many charts finished their first render: what a test waits for. */
    reportChartsRendered?: number;
  }
}

const data = JSON.parse(document.getElementById('report-data')!.textContent ?? '{}') as ChartData;
const palette = ['#2f7d32', '#f9a825', '#c62828', '#78909c', '#1565c0', '#6a1b9a', '#00838f'];
let rendered = 0;

function chart(id: string, option: echarts.EChartsCoreOption): void {
  const element = document.getElementById(id);
  if (!element) return;
  const instance = echarts.init(element, undefined, { renderer: 'canvas' });
  instance.on('finished', () => {
    rendered += 1;
    window.reportChartsRendered = rendered;
  });
  instance.setOption({ color: palette, animation: false, textStyle: { fontFamily: 'sans-serif' }, ...option });
  window.addEventListener('resize', () => instance.resize());
}

const bars = (series: { name: string; values: (number | null)[] }[], stack?: string) =>
  series.map((s) => ({ type: 'bar', name: s.name, data: s.values, ...(stack ? { stack } : {}) }));

chart('chart-lists', {
  title: { text: '机构名单状态', left: 'center', textStyle: { fontSize: 14 } },
  tooltip: { trigger: 'axis' },
  legend: { bottom: 0 },
  grid: { left: 48, right: 16, top: 36, bottom: 56 },
  xAxis: { type: 'category', data: data.divisions, axisLabel: { interval: 0, rotate: data.divisions.length > 6 ? 30 : 0 } },
  yAxis: { type: 'value' },
  series: bars(data.lists, 'lists'),
});

chart('chart-complaints', {
  title: { text: '投诉类别', left: 'center', textStyle: { fontSize: 14 } },
  tooltip: { trigger: 'item' },
  legend: { bottom: 0 },
  series: [{ type: 'pie', radius: ['35%', '65%'], data: data.complaintsByCategory, label: { formatter: '{b} {c}' } }],
});

chart('chart-alerts', {
  title: { text: '风险预警（按级别）', left: 'center', textStyle: { fontSize: 14 } },
  tooltip: { trigger: 'axis' },
  legend: { bottom: 0 },
  color: ['#f9a825', '#c62828'],
  grid: { left: 48, right: 16, top: 36, bottom: 56 },
  xAxis: { type: 'category', data: data.divisions, axisLabel: { interval: 0, rotate: data.divisions.length > 6 ? 30 : 0 } },
  yAxis: { type: 'value' },
  series: bars(data.alertsByLevel, 'alerts'),
});

chart('chart-rates', {
  title: { text: '按时率与覆盖率', left: 'center', textStyle: { fontSize: 14 } },
  tooltip: { trigger: 'axis' },
  legend: { bottom: 0 },
  grid: { left: 48, right: 16, top: 36, bottom: 56 },
  xAxis: { type: 'category', data: data.divisions, axisLabel: { interval: 0, rotate: data.divisions.length > 6 ? 30 : 0 } },
  yAxis: { type: 'value', min: 0 },
  series: bars(data.rates),
});
