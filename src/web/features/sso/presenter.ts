/**
 * The words for a single sign-on that proved who someone is but did not let them in.
 */
import type { SingleSignOnResult } from '../../../app/access/single-sign-on.js';

type Refusal = Extract<SingleSignOnResult, { ok: false }>;

export function refusalPage(r: Refusal, providerName: string): { heading: string; message: string } {
  switch (r.reason) {
    case 'no-account':
      return {
        heading: 'You do not have a Cairn account',
        message: r.email
          ? `You do not have a Cairn account. Ask your administrator to add ${r.email}.`
          : `You do not have a Cairn account: ${providerName} did not give Cairn your email address. Ask your administrator to add you.`,
      };
    case 'email-not-verified':
      return {
        heading: 'Cairn cannot link your account',
        message: `${providerName} did not confirm that ${r.email} is your address, so Cairn cannot link it to the Cairn account for ${r.email}. Ask your administrator.`,
      };
    case 'deactivated':
      return {
        heading: 'Your Cairn account has been deactivated',
        message: 'You cannot sign in to Cairn. Ask your administrator if you still need access.',
      };
    case 'linked-to-another':
      return {
        heading: 'Cairn cannot link your account',
        message: `The Cairn account with your email address is already linked to a different ${providerName} account. Ask your administrator.`,
      };
  }
}
