/**
 * First drafts of the report's editable texts, from the period's figures and the owners' commentary:
 * key achievements from improving indicators, key issues from Red or deteriorating ones, and for each
 * Red outcome a narrative from the commentary on the indicators behind it. The performance team
 * edits them in the app before publishing.
 */
import type { ScorecardIndicator, ScorecardOutcome } from '../../app/scorecard.js';
import { OUTLOOK_LABEL, RAG_LABEL } from '../../domain/vocabulary.js';
import type { ReportTexts } from './model.js';

function clean(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

function describe(i: ScorecardIndicator): string {
  const rating = i.rating ? `rated ${RAG_LABEL[i.rating]}` : 'not rated';
  const outlook = i.outlook ? `, outlook ${OUTLOOK_LABEL[i.outlook]}` : '';
  return `Indicator ${i.number}: ${i.title.replace(/[.\s]+$/, '')} (${rating}${outlook}).`;
}

function item(i: ScorecardIndicator): string {
  const commentary = clean(i.value?.commentary);
  return commentary ? `${commentary} (indicator ${i.number})` : describe(i);
}

/** The indicators an exception report cites: the outcome's Red ones, or all of them if none is Red. */
export function exceptionIndicators(o: ScorecardOutcome): ScorecardIndicator[] {
  const red = o.indicators.filter((i) => i.rating === 'red');
  return red.length > 0 ? red : o.indicators;
}

export function draftTexts(
  priorities: { code: string; title: string }[],
  outcomes: ScorecardOutcome[],
  periodLabel: string,
): ReportTexts {
  const texts: ReportTexts = { achievements: {}, issues: {}, exceptions: {} };
  for (const p of priorities) {
    const indicators = outcomes.filter((o) => o.priorityCode === p.code).flatMap((o) => o.indicators);
    texts.achievements[p.code] = indicators
      .filter((i) => i.outlook === 'improving' && i.rating !== 'red')
      .map(item);
    texts.issues[p.code] = indicators
      .filter((i) => i.rating === 'red' || i.outlook === 'deteriorating')
      .map(item);
  }
  for (const o of outcomes.filter((x) => x.rating.rating === 'red')) {
    const cited = exceptionIndicators(o);
    const paragraphs = cited.map((i) => {
      const commentary = clean(i.value?.commentary);
      return commentary
        ? `Indicator ${i.number}: ${commentary}`
        : `Indicator ${i.number} (${i.title}) is ${i.rating ? `rated ${RAG_LABEL[i.rating]}` : 'not rated'} for ${periodLabel}. No commentary was given with the figure: ask its owner for the reasons and what is being done.`;
    });
    texts.exceptions[o.code] = {
      narrative: paragraphs.join('\n\n'),
      action: 'No recommended action has been written yet.',
    };
  }
  return texts;
}
