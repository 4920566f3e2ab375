/**
 * The open data as files: a table as CSV (UTF-8 with a byte-order mark, formula-neutralised, as every
 * Cairn CSV) or JSON (the licence, the columns as the data dictionary says, and the rows as objects),
 * and everything public in one zip: each table in both formats, a Frictionless Data Package descriptor
 * (datapackage.json, which Power BI, Excel and open data portals read), a README with the licence,
 * and the current version of each published report in every format it was frozen in.
 */
import type { Dataset } from '../../../app/open-data.js';
import { findPublicReportFile, publicReports, type Licence } from '../../../app/public.js';
import type { Store } from '../../../app/store.js';
import { toCsv } from '../../../importers/spreadsheet-write.js';
import { zip, type ZipEntry } from '../../../render/zip.js';
import { paths } from '../../paths.js';

const cellText = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

export function datasetCsv(d: Dataset): Buffer {
  return Buffer.from(
    toCsv(
      d.columns.map((c) => c.name),
      d.rows.map((r) => r.map(cellText)),
    ),
    'utf8',
  );
}

export function datasetJson(d: Dataset, licence: Licence, line: string): Buffer {
  return Buffer.from(
    `${JSON.stringify(
      {
        dataset: d.name,
        title: d.title,
        description: d.description,
        licence: { name: licence.name, url: licence.url },
        attribution: line,
        dictionary: paths.openDataDictionary(),
        columns: d.columns,
        rows: d.rows.map((r) => Object.fromEntries(d.columns.map((c, i) => [c.name, r[i] ?? null]))),
      },
      null,
      2,
    )}\n`,
    'utf8',
  );
}

const FRICTIONLESS_TYPE = {
  text: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
  date: 'date',
  'date-time': 'datetime',
} as const;

function dataPackage(datasets: readonly Dataset[], licence: Licence, line: string) {
  return {
    name: 'performance-open-data',
    title: 'Performance open data',
    description: line,
    licenses: [{ name: licence.name, path: licence.url, title: licence.name }],
    resources: datasets.map((d) => ({
      name: d.name,
      path: `${d.name}.csv`,
      title: d.title,
      description: d.description,
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8-sig',
      schema: {
        fields: d.columns.map((c) => ({
          name: c.name,
          type: FRICTIONLESS_TYPE[c.type],
          description: c.description,
        })),
      },
    })),
  };
}

/** Every public table, and the current version of every public report, in one zip. */
export async function openDataZip(
  store: Store,
  datasets: readonly Dataset[],
  licence: Licence,
  line: string,
  at: Date,
): Promise<Buffer> {
  const entries: ZipEntry[] = [
    {
      name: 'README.txt',
      bytes: Buffer.from(
        [
          'Performance open data',
          '',
          line,
          '',
          'Each table is here as CSV and JSON; datapackage.json describes every column (the data dictionary).',
          'Only approved figures are included. The reports folder holds the current version of each published report.',
          '',
          ...datasets.map((d) => `${d.name}.csv: ${d.title}. ${d.description}`),
          '',
        ].join('\r\n'),
        'utf8',
      ),
    },
    {
      name: 'datapackage.json',
      bytes: Buffer.from(`${JSON.stringify(dataPackage(datasets, licence, line), null, 2)}\n`, 'utf8'),
    },
  ];
  for (const d of datasets)
    entries.push(
      { name: `${d.name}.csv`, bytes: datasetCsv(d) },
      { name: `${d.name}.json`, bytes: datasetJson(d, licence, line) },
    );
  for (const r of (await publicReports(store)).filter((x) => !x.superseded))
    for (const f of r.files) {
      const file = await findPublicReportFile(store, r.kind, r.id, f.format);
      if (file) entries.push({ name: `reports/${r.kind}-${r.id}/${file.file_name}`, bytes: file.bytes });
    }
  return zip(entries, at);
}
