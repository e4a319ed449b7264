import type { Observation } from '../../../src/domain/observation.js';
import type { Page } from '../../../src/domain/connector.js';
import { call, hasNext, octokit, type GithubRuntime } from '../client.js';
import { SCOPES } from '../options.js';
import { copilotBillingSchema, copilotSeatsSchema } from '../schemas.js';

/**
 * Copilot: the organisation's subscription (GET /orgs/{org}/copilot/billing → one licence with
 * seats bought and active this cycle) and its seats (GET /orgs/{org}/copilot/billing/seats,
 * paged → one licence per assignee). 404 means Copilot is not enabled: an empty stream.
 * Cursor: null, then {page, planType}.
 */

const PLAN_NAMES: Record<string, string> = {
  business: 'Copilot Business',
  enterprise: 'Copilot Enterprise',
  pro: 'Copilot Pro',
  pro_plus: 'Copilot Pro+',
};

export const skuIdOf = (plan: string): string => `copilot_${plan}`;
export const skuNameOf = (plan: string): string => PLAN_NAMES[plan] ?? `Copilot ${plan}`;

interface CopilotCursor {
  page: number;
  planType: string;
}

export async function fetchCopilotPage(runtime: GithubRuntime, cursor: unknown): Promise<Page> {
  const { org, perPage } = runtime.options;
  const client = octokit(runtime);
  const observations: Observation[] = [];
  let state: CopilotCursor;
  if (cursor === null || cursor === undefined) {
    const details = await call(runtime, `GET /orgs/${org}/copilot/billing`, [SCOPES.copilot], () => client.rest.copilot.getCopilotOrganizationDetails({ org }), { schema: copilotBillingSchema, allow: [404] });
    if (!details) return { observations: [], next: null };
    const data = details.data;
    const planType = data.plan_type ?? 'business';
    const total = data.seat_breakdown?.total;
    const active = data.seat_breakdown?.active_this_cycle;
    observations.push({
      kind: 'licence',
      key: `github:copilot:${org}`,
      attributes: {
        provider: 'github',
        skuId: skuIdOf(planType),
        skuName: skuNameOf(planType),
        ...(typeof total === 'number' ? { seats: total } : {}),
        ...(typeof active === 'number' ? { consumed: active } : {}),
      },
    });
    state = { page: 1, planType };
  } else {
    const c = cursor as Partial<CopilotCursor>;
    if (typeof c.page !== 'number' || c.page < 1 || typeof c.planType !== 'string') throw new Error(`stream copilot: bad cursor ${JSON.stringify(cursor)}`);
    state = { page: c.page, planType: c.planType };
  }

  const response = await call(runtime, `GET /orgs/${org}/copilot/billing/seats`, [SCOPES.copilot], () => client.rest.copilot.listCopilotSeats({ org, per_page: perPage, page: state.page }), {
    schema: copilotSeatsSchema,
    allow: [404],
  });
  if (!response) return { observations, next: null };
  const seats = response.data.seats;
  for (const seat of seats) {
    const login = seat.assignee?.login;
    if (!login) continue; // a team or enterprise assignee without a login: not a person
    const plan = seat.plan_type ?? state.planType;
    observations.push({
      kind: 'licence',
      key: `github:copilot-seat:${login}`,
      attributes: { provider: 'github', skuId: skuIdOf(plan), skuName: skuNameOf(plan), user: login },
    });
  }
  const next = hasNext(response.headers, seats.length, perPage) ? { page: state.page + 1, planType: state.planType } : null;
  return { observations, next };
}
