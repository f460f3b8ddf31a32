import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what this chart draws, so the dashboard's chunk carries a fraction of ECharts (and the portal none).
use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** One month of the trend: counts and the on-time rate (0–1, null when nothing was resolved). */
export interface TrendPoint {
  readonly label: string;
  readonly received: number;
  readonly resolved: number;
  readonly onTimeRate: number | null;
}

const TEXT = '#262626';

/**
 * Received and resolved records per month as bars, the on-time rate as a line on its own axis. Drawn as
 * SVG; the chart itself is hidden from assistive technology, which reads the table its caller gives.
 */
export function TrendChart({
  points,
  names,
  formatCount,
  formatRate,
}: {
  points: readonly TrendPoint[];
  names: { received: string; resolved: string; onTimeRate: string };
  formatCount: (n: number) => string;
  formatRate: (r: number | null) => string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = init(ref.current, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      textStyle: { color: TEXT },
      color: ['#0d47a1', '#2e7d32', '#b71c1c'],
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { color: TEXT } },
      grid: { left: 48, right: 56, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: points.map((p) => p.label), axisLabel: { color: TEXT } },
      yAxis: [
        { type: 'value', minInterval: 1, axisLabel: { color: TEXT, formatter: formatCount } },
        {
          type: 'value',
          min: 0,
          max: 1,
          axisLabel: { color: TEXT, formatter: (v: number) => formatRate(v) },
          splitLine: { show: false },
        },
      ],
      series: [
        {
          name: names.received,
          type: 'bar',
          data: points.map((p) => p.received),
          tooltip: { valueFormatter: (v: unknown) => formatCount(Number(v)) },
        },
        {
          name: names.resolved,
          type: 'bar',
          data: points.map((p) => p.resolved),
          tooltip: { valueFormatter: (v: unknown) => formatCount(Number(v)) },
        },
        {
          name: names.onTimeRate,
          type: 'line',
          yAxisIndex: 1,
          connectNulls: true,
          data: points.map((p) => p.onTimeRate),
          tooltip: { valueFormatter: (v: unknown) => formatRate(v == null ? null : Number(v)) },
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [points, names, formatCount, formatRate]);
  return <div ref={ref} aria-hidden="true" data-chart="trend" style={{ width: '100%', height: 320 }} />;
}
