/**
 * First drafts of the report's editable texts, from the period's figures and the owners' commentary:
 * key achievements from improving indicators, key issues from Red or deteriorating ones, and for each
 * Red outcome a narrative from the commentary on the indicators behind it. The performance team
 * edits them in the app before publishing.
 */
import type { ScorecardIndicator, ScorecardOutcome } from '../../app/scorecard.js';
import { OUTLOOK_LABEL, RAG_LABEL } from '../../domain/vocabulary.js';
import { DEFAULT_RECOMMENDATIONS, isEmptyText, type ReportTexts } from './model.js';

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
  const texts: ReportTexts = {
    achievements: {},
    issues: {},
    exceptions: {},
    introduction: '',
    recommendations: [...DEFAULT_RECOMMENDATIONS],
    business: '',
  };
  for (const p of priorities) {
    const indicators = outcomes.filter((o) => o.priorityCode === p.code).flatMap((o) => o.indicators);
    // An achievement is Green and improving: an Amber indicator is close to target, not an achievement.
    texts.achievements[p.code] = indicators
      .filter((i) => i.outlook === 'improving' && i.rating === 'green')
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
    // No placeholder is stored as content: the form shows a hint, and publishing asks about it.
    texts.exceptions[o.code] = { narrative: paragraphs.join('\n\n'), action: '' };
  }
  return texts;
}

/** A section of the report with nothing written in it (or only placeholder words). */
export interface EmptySection {
  /** The text's key, for its edit form. */
  key: string;
  label: string;
}

/**
 * What publishing would print empty: every list, narrative or recommended action with nothing in it
 * or only a placeholder. The officer sees these before publishing and must confirm publishing them.
 */
export function emptySections(
  priorities: { code: string; title: string }[],
  redOutcomes: { code: string; title: string }[],
  texts: ReportTexts,
): EmptySection[] {
  const out: EmptySection[] = [];
  const noItems = (items: string[] | undefined) => (items ?? []).every((t) => isEmptyText(t));
  if (isEmptyText(texts.introduction))
    out.push({ key: 'introduction', label: "Introduction: the officer's own words" });
  if (isEmptyText(texts.business)) out.push({ key: 'business', label: 'Business management narrative' });
  if (noItems(texts.recommendations)) out.push({ key: 'recommendations', label: 'Recommendations' });
  for (const p of priorities) {
    if (noItems(texts.achievements[p.code]))
      out.push({ key: `achievements:${p.code}`, label: `Key achievements: ${p.title}` });
    if (noItems(texts.issues[p.code])) out.push({ key: `issues:${p.code}`, label: `Key issues: ${p.title}` });
  }
  for (const o of redOutcomes) {
    const t = texts.exceptions[o.code];
    if (isEmptyText(t?.narrative))
      out.push({ key: `exception:${o.code}`, label: `Exception report narrative: ${o.title}` });
    if (isEmptyText(t?.action))
      out.push({ key: `exception:${o.code}`, label: `Recommended action: ${o.title}` });
  }
  return out;
}
