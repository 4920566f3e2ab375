/**
 * The one escaper for markup Cairn writes by hand: the report's HTML, the trend chart's SVG, and the
 * odd snippet a route hands a GOV.UK macro as `html`. It escapes the same characters, the same way,
 * as the templates' autoescape (Nunjucks), so text reads the same whichever wrote it; and it is safe
 * in element content and in quoted attribute values, in HTML and in XML alike.
 */
const ENTITY: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '"': '&quot;',
  "'": '&#39;',
  '<': '&lt;',
  '>': '&gt;',
  '\\': '&#92;',
};

export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&"'<>\\]/g, (c) => ENTITY[c]!);
}
