import { z } from "zod";
import { HttpError, type EmulatorRequest, type Route } from "../core/types";

/**
 * The IBM Cloud account services qiskit-ibm-runtime asks, before any session, which
 * instances the API key can use (`Account.list_instances`): Global Search (a POST of
 * `service_name:quantum-computing`) and Global Catalog (the plan's display name and pricing).
 * They live on other hosts in IBM Cloud (`api.global-search-tagging.cloud.ibm.com`,
 * `globalcatalog.cloud.ibm.com/api/v1`); here they are mounted under `/global-search` and
 * `/global-catalog/api/v1` of the IBM emulator. IBM's SDK core reads their URLs from
 * `GLOBAL_SEARCH_URL` / `GLOBAL_CATALOG_URL`. Body shapes follow what the client reads;
 * fields it ignores are inferred.
 */
export const GLOBAL_SEARCH_PREFIX = "/global-search";
export const GLOBAL_CATALOG_PREFIX = "/global-catalog/api/v1";

/** The instance's plan in the emulated catalog: IBM's free "Open" plan (id inferred). */
export const OPEN_PLAN = { id: "850b6f6c-9d3b-4c1b-8a52-0e5ae0c5a1f1", name: "open", displayName: "Open", pricing: "free" };

const SearchBody = z.looseObject({ query: z.string().min(1), fields: z.array(z.string()).optional(), search_cursor: z.string().optional() });

export interface AccountServices {
  instance: string;
  instanceName: string;
  /** Throws 401 unless the request carries a live IAM bearer token. */
  requireToken(req: EmulatorRequest): void;
}

export function accountRoutes(acct: AccountServices): Route[] {
  return [
    {
      method: "POST",
      path: `${GLOBAL_SEARCH_PREFIX}/v3/resources/search`,
      public: true,
      handler: (req) => {
        acct.requireToken(req);
        const body = req.json(SearchBody);
        const matches = /(^|\s)service_name:quantum-computing(\s|$)/.test(body.query);
        const items = matches
          ? [
              {
                crn: acct.instance,
                name: acct.instanceName,
                service_plan_unique_id: OPEN_PLAN.id,
                tags: [],
                // The client skips instances without a backend allocation here.
                doc: { extensions: { "quantum-computing": { allocations: [{ plan: OPEN_PLAN.name }] } } },
              },
            ]
          : [];
        return { status: 200, body: { items, limit: Number(req.query.get("limit") ?? 10) } };
      },
    },
    {
      method: "GET",
      path: `${GLOBAL_CATALOG_PREFIX}/:id`,
      public: true,
      handler: (req) => {
        acct.requireToken(req);
        if (req.params.id !== OPEN_PLAN.id) throw new HttpError(404, "1404", `Catalog entry not found: ${req.params.id}`);
        return {
          status: 200,
          body: {
            id: OPEN_PLAN.id,
            name: OPEN_PLAN.name,
            kind: "plan",
            active: true,
            overview_ui: { en: { display_name: OPEN_PLAN.displayName, description: "Up to 10 minutes of QPU time per month." } },
            metadata: { pricing: { type: OPEN_PLAN.pricing } },
          },
        };
      },
    },
  ];
}
