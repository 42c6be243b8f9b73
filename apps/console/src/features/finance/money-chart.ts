import { formatMoney } from '@marketdesk/shared';

/**
 * A chart's value formatter for amounts kept in minor units: the chart plots the integers the API
 * sent, and only the labels are formatted (axis ticks may fall between minor units, so they are
 * rounded to one first).
 */
export function formatChartMoney(currency: string) {
  return (value: number) => formatMoney(Math.round(value), currency);
}
