import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, workerSettings } from '../../src/main/config.js';
import { reminderLinks } from '../../src/main/worker.js';

describe("the reminder worker's configuration", () => {
  it('lists every missing setting at once, saying what to set', () => {
    const config = loadConfig({});
    expect(config.CAIRN_WORKER_INTERVAL_MINUTES).toBe(15);
    let error: unknown;
    try {
      workerSettings(config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/needs 3 more setting/);
    for (const name of ['SMTP_URL', 'MAIL_FROM', 'CAIRN_BASE_URL']) expect(message).toContain(`${name}: set`);
  });

  it('lists every malformed setting with the rest', () => {
    expect(() =>
      loadConfig({
        PORT: 'x',
        SMTP_URL: 'mail.example.org',
        MAIL_FROM: 'performance team',
        CAIRN_BASE_URL: 'cairn.example.org',
        CAIRN_WORKER_INTERVAL_MINUTES: '0',
      }),
    ).toThrow(
      /5 problem\(s\)[\s\S]*SMTP_URL[\s\S]*MAIL_FROM[\s\S]*CAIRN_BASE_URL[\s\S]*CAIRN_WORKER_INTERVAL_MINUTES/,
    );
  });

  it('accepts a complete set and builds links under the base address', () => {
    const settings = workerSettings(
      loadConfig({
        SMTP_URL: 'smtps://cairn:secret@mail.council.gov.uk:465',
        MAIL_FROM: 'Performance Team <performance@council.gov.uk>',
        CAIRN_BASE_URL: 'https://cairn.council.gov.uk/',
        CAIRN_WORKER_INTERVAL_MINUTES: '5',
      }),
    );
    expect(settings).toEqual({
      smtpUrl: 'smtps://cairn:secret@mail.council.gov.uk:465',
      mailFrom: 'Performance Team <performance@council.gov.uk>',
      baseUrl: 'https://cairn.council.gov.uk',
      intervalMinutes: 5,
    });
    const links = reminderLinks(settings.baseUrl);
    expect(links.yourUpdates(3)).toBe('https://cairn.council.gov.uk/collection/rounds/3/updates');
    expect(links.approvals(3)).toBe('https://cairn.council.gov.uk/collection/rounds/3/approvals');
    expect(links.round(3)).toBe('https://cairn.council.gov.uk/collection/rounds/3');
  });
});
