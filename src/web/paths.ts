/**
 * Every URL Cairn serves, built in one place. Templates and redirects use these, never string literals.
 */
export const paths = {
  home: () => '/',
  framework: (period?: string) => (period ? `/framework?period=${encodeURIComponent(period)}` : '/framework'),
  stylesheet: () => '/assets/cairn.css',
  health: () => '/health',
} as const;
