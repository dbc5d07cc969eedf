/**
 * Following the pages of the integration list, and the checks that stop a list which does not
 * end: a server that hands out fresh next-page tokens forever would otherwise be followed until
 * the call's deadline.
 */
import { Integration, IntegrationPage, MAX_INTEGRATIONS_PER_ORGANIZATION, MAX_PAGE_SIZE, paths } from './contract';
import { EndlessPaginationError } from './errors';

/**
 * Most pages of the integration list the client follows: enough for
 * MAX_INTEGRATIONS_PER_ORGANIZATION at MAX_PAGE_SIZE a page, and one more for a last page that may
 * come back empty.
 */
export const MAX_INTEGRATION_PAGES = Math.ceil(MAX_INTEGRATIONS_PER_ORGANIZATION / MAX_PAGE_SIZE) + 1;

/** What one page that gives a next-page token showed, against the pages before it. */
interface PageSeen {
  /** 1 for the first page. */
  readonly number: number;
  /** The token this page was asked for with; undefined for the first page. */
  readonly token: string | undefined;
  /** The next-page token it gives. */
  readonly next: string;
  /** Next-page tokens earlier pages gave. */
  readonly earlierTokens: ReadonlySet<string>;
  readonly entries: number;
  /** Integrations this page listed that no earlier page did. */
  readonly newIds: number;
  /** Distinct integrations of this page and all earlier ones. */
  readonly totalIds: number;
}

interface PaginationStop {
  /** Whether the list must stop here. */
  readonly applies: (page: PageSeen) => boolean;
  /** What the pages did, as a clause; `token` is the next-page token as a message may quote it. */
  readonly problem: (page: PageSeen, token: string) => string;
}

/** The stops, checked in order; the first that applies names the problem. */
const PAGINATION_STOPS: Readonly<Record<string, PaginationStop>> = {
  repeatsOwnToken: {
    applies: (p) => p.next === p.token,
    problem: (p, token) => `page ${p.number} gives its own token ${token} as the next page`,
  },
  repeatsEarlierToken: {
    applies: (p) => p.earlierTokens.has(p.next),
    problem: (p, token) => `page ${p.number} gives the next-page token ${token}, which an earlier page already gave`,
  },
  emptyPageGoesOn: {
    applies: (p) => p.entries === 0,
    problem: (p) => `page ${p.number} holds no entries but gives a next-page token`,
  },
  nothingNewGoesOn: {
    applies: (p) => p.newIds === 0,
    problem: (p) => `page ${p.number} holds only integrations that earlier pages already listed, but gives a next-page token`,
  },
  moreThanAnOrganizationHolds: {
    applies: (p) => p.totalIds > MAX_INTEGRATIONS_PER_ORGANIZATION,
    problem: (p) => `the first ${p.number} pages list ${p.totalIds} integrations, and still give a next-page token`,
  },
  tooManyPages: {
    applies: (p) => p.number >= MAX_INTEGRATION_PAGES,
    problem: (p) => `page ${p.number} still gives a next-page token`,
  },
};

/**
 * The pages of the integration list, in order, each fetched by `fetchPage` (the token of the page
 * to fetch, undefined for the first). Stops with EndlessPaginationError when one of
 * PAGINATION_STOPS applies. `quote` shows a next-page token in a message (redacted and cut).
 */
export async function* integrationPages(
  fetchPage: (token: string | undefined, limit: number) => Promise<IntegrationPage>,
  quote: (token: string) => string,
): AsyncGenerator<Integration[]> {
  const earlierTokens = new Set<string>();
  const ids = new Set<string>();
  let token: string | undefined;
  for (let number = 1; ; number++) {
    const data = await fetchPage(token, MAX_PAGE_SIZE);
    const before = ids.size;
    for (const integration of data.entries) {
      ids.add(integration.integrationId);
    }
    yield data.entries;
    const next = data.nextPage ?? undefined;
    if (next === undefined) {
      return;
    }
    const seen: PageSeen = { number, token, next, earlierTokens, entries: data.entries.length, newIds: ids.size - before, totalIds: ids.size };
    const stop = Object.values(PAGINATION_STOPS).find((check) => check.applies(seen));
    if (stop !== undefined) {
      const problem = stop.problem(seen, `\`${quote(next)}\``);
      throw new EndlessPaginationError('GET', paths.integrations, problem, MAX_INTEGRATION_PAGES, MAX_INTEGRATIONS_PER_ORGANIZATION);
    }
    earlierTokens.add(next);
    token = next;
  }
}
