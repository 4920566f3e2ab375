/**
 * The one-screen summary `cairn summary` prints.
 */
import type { SummaryView } from '../app/summary.js';
import { RAG_LABEL } from '../domain/vocabulary.js';

export function summaryText(view: SummaryView): string {
  const { scorecard, summary, outcomes } = view;
  const o = summary.outcomes;
  const i = summary.indicators;
  const lines: string[] = [];
  lines.push(`${scorecard.councilName} — ${scorecard.plan.title} — ${summary.periodLabel}`);
  if (view.scope.kind !== 'council') lines.push(`Scope: ${summary.scopeLabel}`);
  lines.push('');
  lines.push(
    `Outcomes (${o.total}):           Red ${o.red} · Amber ${o.amber} · Green ${o.green} · Not rated ${o.notRated}`,
  );
  lines.push(`  derived from indicators ${o.derived} · director's judgement ${o.judged}`);
  for (const outcome of outcomes.filter((x) => x.rating.basis === 'judgement')) {
    lines.push(
      `  judged: ${outcome.code} ${outcome.title} — ${outcome.rating.rating ? RAG_LABEL[outcome.rating.rating] : 'Not rated'}`,
    );
  }
  lines.push(
    `Success indicators (${i.total}): Red ${i.red} · Amber ${i.amber} · Green ${i.green} · Not rated ${i.notRated}`,
  );
  const ol = summary.outlook;
  lines.push(
    `Outlook:                 improving ${ol.improving} · stable ${ol.stable} · deteriorating ${ol.deteriorating}` +
      (ol.deterioratingNumbers.length ? ` (${ol.deterioratingNumbers.join(', ')})` : '') +
      (ol.none ? ` · none given ${ol.none}` : ''),
  );
  if (o.redOutcomes.length > 0) {
    lines.push('', 'Red outcomes:');
    for (const r of o.redOutcomes) {
      const ind = r.indicators.length ? ` — indicator ${r.indicators.join(', ')}` : '';
      lines.push(`  ${r.code} ${r.title}${ind}`);
    }
  }
  lines.push('', 'Headlines:');
  for (const s of summary.sentences) lines.push(`  ${s}`);
  lines.push(
    '',
    `Outcome ratings are derived as ${scorecard.outcomePolicy === 'worst' ? 'the worst-rated indicator' : 'the predominant rating'} unless a director set a judgement.`,
  );
  return lines.join('\n');
}
