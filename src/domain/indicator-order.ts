/** Natural order for indicator numbers: 2 before 10, 10 before 10a. */
export function byIndicatorNumber(a: string, b: string): number {
  return a.localeCompare(b, 'en-GB', { numeric: true, sensitivity: 'base' });
}
