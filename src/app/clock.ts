/** The time, as a port, so tests and imports can fix it. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
export const isoNow = (clock: Clock): string => clock.now().toISOString();
