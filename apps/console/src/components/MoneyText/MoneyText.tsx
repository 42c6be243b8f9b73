import { Text, type TextProps } from '@mantine/core';
import { formatMoney } from '@marketdesk/shared';

/** Minor units of `currency`, formatted for people ("$1,234.56", "¥1,500"); tabular digits line up in tables. */
export function MoneyText({ amount, currency, ...props }: TextProps & { amount: number; currency: string }) {
  return <Text span size="sm" ff="monospace" {...props}>{formatMoney(amount, currency)}</Text>;
}
