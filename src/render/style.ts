/**
 * The report's stylesheet: plain CSS (no build step), scoped to `.cairn-report`, used inline in the
 * standalone HTML (and so in the PDF) and served to the app's draft page. Print rules: A4, table
 * header rows repeated on every page, rows never split, headings kept with what follows.
 */
export const DEFAULT_COLOUR = '#1d5c4d';

export function reportCss(colour = DEFAULT_COLOUR): string {
  const c = /^#[0-9a-fA-F]{6}$/.test(colour) ? colour : DEFAULT_COLOUR;
  return `
.cairn-report{font-family:inherit;color:#0b0c0c;font-size:16px;line-height:1.4;max-width:1100px}
.cairn-report h1,.cairn-report h2,.cairn-report h3,.cairn-report h4{color:${c};line-height:1.2;margin:1.2em 0 .5em}
.cairn-report h1{font-size:30px;margin-top:0}
.cairn-report h2{font-size:24px;border-bottom:2px solid ${c};padding-bottom:4px}
.cairn-report h3{font-size:20px}
.cairn-report h4{font-size:17px}
.cairn-report p,.cairn-report ul,.cairn-report ol{margin:0 0 .8em}
.cairn-report li{margin-bottom:.35em}
.cairn-report a{color:#1d70b8}
.cairn-report a:focus{outline:3px solid transparent;background:#fd0;color:#0b0c0c;box-shadow:0 -2px #fd0,0 4px #0b0c0c;text-decoration:none}
.cairn-report dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0 0 1em}
.cairn-report dt{font-weight:bold}
.cairn-report dd{margin:0;min-width:0;overflow-wrap:anywhere}
@media screen and (max-width:30em){.cairn-report dl{grid-template-columns:1fr;gap:0}.cairn-report dd{margin-bottom:8px}}
.cairn-report table{border-collapse:collapse;width:100%;margin:0 0 1.2em;font-size:13px}
.cairn-report caption{text-align:left;font-weight:bold;font-size:15px;padding:0 0 6px;color:#0b0c0c}
.cairn-report th,.cairn-report td{border:1px solid #8a8d90;padding:4px 6px;text-align:left;vertical-align:top}
.cairn-report thead th{background:#f3f2f1}
.cairn-report tbody th{font-weight:normal;background:#fafafa}
.cairn-report td.cairn-number{text-align:right;font-variant-numeric:tabular-nums;font-weight:normal}
.cairn-report .cairn-lines{display:block;margin-top:4px}
.cairn-report .cairn-rag{white-space:nowrap;padding:1px 6px;border-radius:2px;display:inline-block;font-weight:bold}
.cairn-report .cairn-rag__shape{margin-right:4px}
.cairn-report .cairn-rag--red{color:#fff;background:#b3261e}
.cairn-report .cairn-rag--amber{color:#1b1b1b;background:#ffbf47}
.cairn-report .cairn-rag--green{color:#fff;background:#00703c}
.cairn-report .cairn-rag--none{color:#1b1b1b;background:#e5e6e7}
.cairn-report .cairn-outlook{white-space:nowrap}
.cairn-report .cairn-outlook__arrow{font-weight:bold;margin-right:4px}
.cairn-report .cairn-key{list-style:none;padding:0}
.cairn-report .cairn-edit{margin:-.3em 0 .6em;font-size:15px}
.cairn-report figure{margin:0 0 1.5em}
.cairn-report figcaption{font-weight:bold;margin-bottom:4px}
.cairn-report .cairn-status{font-size:14px;color:#505a5f;border-top:1px solid #b1b4b6;padding-top:8px;margin-top:2em}
.cairn-standalone{margin:0;padding:24px 16px;font-family:Arial,"Liberation Sans","DejaVu Sans",sans-serif}
.cairn-standalone .cairn-report{margin:0 auto}
.cairn-visually-hidden{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;clip-path:inset(50%)!important;border:0!important;white-space:nowrap!important}
.cairn-chart{display:block;width:100%;max-width:560px;height:auto;overflow:visible;font-family:inherit}
.cairn-risk-map{display:block;max-width:100%;height:auto;font-family:inherit}
.cairn-risk-cell{stroke:#fff;stroke-width:2}
.cairn-risk-cell--sev-0{fill:#cce2d8}.cairn-risk-cell--sev-1{fill:#e5f0c8}.cairn-risk-cell--sev-2{fill:#fff1bf}.cairn-risk-cell--sev-3{fill:#fcd6c3}.cairn-risk-cell--sev-4{fill:#f4cdc6}
.cairn-risk-map__count{fill:#0b0c0c;font-size:22px;font-weight:bold}
.cairn-risk-map__moves,.cairn-risk-map__band,.cairn-risk-map__axis{fill:#0b0c0c;font-size:12px}
.cairn-risk-map__axis-title{fill:#0b0c0c;font-size:14px;font-weight:bold}
.cairn-chart__text{fill:#0b0c0c;font-size:12px}
.cairn-chart__grid{stroke:#b1b4b6;stroke-width:1;stroke-dasharray:1 3}
.cairn-chart__axis{stroke:#505a5f;stroke-width:1}
.cairn-chart__line{fill:none;stroke:#0b0c0c;stroke-width:2.5;stroke-linejoin:round;stroke-linecap:round}
.cairn-chart__target{fill:none;stroke:#505a5f;stroke-width:2;stroke-dasharray:7 4}
.cairn-chart__target--range{stroke-width:1.5;stroke-dasharray:3 3}
.cairn-chart__band{fill:#505a5f;fill-opacity:.15;stroke:none}
.cairn-chart__marker{stroke:#fff;stroke-width:1.5}
.cairn-chart__marker--red{fill:#d4351c}
.cairn-chart__marker--amber{fill:#b35900}
.cairn-chart__marker--green{fill:#00703c}
.cairn-chart__marker--none{fill:#fff;stroke:#0b0c0c;stroke-width:2}
@page{size:A4;margin:18mm 14mm 20mm}
@page landscape{size:A4 landscape;margin:14mm 14mm 18mm}
@media print{
  .cairn-standalone{padding:0}
  .cairn-report{max-width:none;font-size:11pt}
  .cairn-report table{font-size:8.5pt}
  .cairn-report caption{font-size:10pt}
  .cairn-report thead{display:table-header-group}
  .cairn-report tr,.cairn-report th,.cairn-report td,.cairn-report figure,.cairn-report dl{break-inside:avoid;page-break-inside:avoid}
  .cairn-report h1,.cairn-report h2,.cairn-report h3,.cairn-report h4,.cairn-report caption{break-after:avoid;page-break-after:avoid}
  .cairn-report table.cairn-keep{break-inside:avoid;page-break-inside:avoid}
  .cairn-report .cairn-landscape{page:landscape}
  .cairn-report .cairn-page-break{break-before:page;page-break-before:always}
  .cairn-report .cairn-edit{display:none}
  .cairn-report .cairn-rag,.cairn-report thead th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  .cairn-report a{color:#0b0c0c;text-decoration:none}
}
`.trim();
}
