import { createRoute, z } from '@hono/zod-openapi';
import { principalName } from '../../domain/access.js';
import { incidentChangeSchema, INCIDENT_STATUSES, newIncidentSchema } from '../../domain/incidents.js';
import { controlChangeSchema, DOCUMENT_KINDS, documentApprovalSchema, organisationChangeSchema } from '../../domain/organisation.js';
import { vendorDiligenceChangeSchema } from '../../domain/register.js';
import { strictInput, text } from '../../domain/validation.js';
import { approveDocument, listDocuments } from '../../inventory/documents.js';
import { findIncident, incidentHistory, listIncidents, openIncident, updateIncident } from '../../inventory/incidents.js';
import { controlHistory, controlRecordMap, getOrganisation, organisationHistory, recordControl, recordOrganisation } from '../../inventory/organisation.js';
import { registerEntries } from '../../inventory/register-entries.js';
import { resolveAiSystemId } from '../../inventory/review.js';
import { listVendors, recordVendorDiligence, showVendor } from '../../inventory/vendors.js';
import { ANNEX_A_CONTROLS } from '../../register/reference.js';
import { controlKind, statementOfApplicability } from '../../register/requirements.js';
import { suggestRoles } from '../../register/roles.js';
import { principalOf, requireRole } from '../auth.js';
import type { Api, ApiDeps } from '../context.js';
import { access, itemsSchema, nameParam, objectSchema, ok } from '../openapi.js';

const compliance = { ...access('compliance'), middleware: requireRole('compliance') };
const json = <S extends z.ZodType>(schema: S) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const withNote = <T extends z.ZodRawShape>(shape: T) => strictInput({ ...shape, note: text.optional() });
// Schemas are rebuilt here rather than taken from the domain as they are: zod 4 gives a schema its
// methods when it is made, so one made before @hono/zod-openapi loaded has no .openapi().
const controlParam = z.object({ id: z.string().min(3).max(10).openapi({ param: { name: 'id', in: 'path' }, example: 'A.2.2' }) });
const incidentParam = z.object({ id: z.string().min(1).max(40).openapi({ param: { name: 'id', in: 'path' }, example: 'INC-1' }) });
const kindParam = z.object({ kind: z.enum(DOCUMENT_KINDS).openapi({ param: { name: 'kind', in: 'path' } }) });
const author = (c: Parameters<typeof principalOf>[0], note?: string) => ({ actor: principalName(principalOf(c)), ...(note ? { reason: note } : {}) });

/** The organisation and AIMS record, Annex A control implementation, vendors, incidents and document approvals. */
export function governanceRoutes(app: Api, deps: ApiDeps): void {
  app.openapi(
    createRoute({ method: 'get', path: '/api/organisation', summary: 'The organisation and its AIMS context (clauses 4.1–4.3), with its history', ...access('viewer'), responses: ok(objectSchema, 'The record') }),
    async (c) => c.json({ record: await getOrganisation(deps.db), history: await organisationHistory(deps.db) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/organisation',
      summary: 'Record the organisation and its AIMS context; null clears an answer',
      ...compliance,
      request: json(withNote(organisationChangeSchema.shape).openapi('OrganisationChange')),
      responses: ok(objectSchema, 'The changes recorded and the record'),
    }),
    async (c) => {
      const { note, ...change } = c.req.valid('json');
      const changes = await recordOrganisation(deps.db, change, author(c, note));
      return c.json({ changes, record: await getOrganisation(deps.db) }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/controls', summary: 'All 38 Annex A controls: applicability and implementation, as in the statement of applicability', ...access('viewer'), responses: ok(itemsSchema, 'Controls') }),
    async (c) => {
      const records = await controlRecordMap(deps.db);
      const entries = (await registerEntries(deps.db, deps.catalog)).filter((entry) => entry.status !== 'not_ai');
      const soa = statementOfApplicability(entries.map((entry) => ({ entry, roles: entry.roles ?? suggestRoles(entry).roles })), records);
      return c.json(
        {
          items: ANNEX_A_CONTROLS.map((control, i) => ({
            id: control.id,
            title: control.title,
            group: control.group,
            groupTitle: control.groupTitle,
            kind: controlKind(control.id),
            record: records.get(control.id) ?? {},
            soa: soa[i]!,
          })),
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/api/controls/{id}', summary: "One control's implementation record and history", ...access('viewer'), request: { params: controlParam }, responses: ok(objectSchema, 'The control') }),
    async (c) => {
      const history = await controlHistory(deps.db, c.req.valid('param').id);
      const control = ANNEX_A_CONTROLS.find((item) => item.id.toLowerCase() === c.req.valid('param').id.toLowerCase())!;
      return c.json({ id: control.id, title: control.title, kind: controlKind(control.id), record: (await controlRecordMap(deps.db)).get(control.id) ?? {}, history }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/controls/{id}',
      summary: 'Record how an Annex A control is implemented: status, owner, evidence, review dates',
      ...compliance,
      request: { params: controlParam, ...json(withNote(controlChangeSchema.shape).openapi('ControlChange')) },
      responses: ok(objectSchema, 'The changes recorded'),
    }),
    async (c) => {
      const { note, ...change } = c.req.valid('json');
      return c.json(await recordControl(deps.db, c.req.valid('param').id, change, author(c, note)), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/vendors', summary: 'Every vendor in the inventory with its due diligence and when its review is due', ...access('viewer'), responses: ok(itemsSchema, 'Vendors') }),
    async (c) => c.json({ items: await listVendors(deps.db) }, 200),
  );
  app.openapi(
    createRoute({ method: 'get', path: '/api/vendors/{name}', summary: 'One vendor: its AI systems, due diligence and history', ...access('viewer'), request: { params: nameParam }, responses: ok(objectSchema, 'The vendor') }),
    async (c) => c.json(await showVendor(deps.db, c.req.valid('param').name), 200),
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/vendors/{name}',
      summary: "Record a vendor's due diligence (ISO/IEC 42001 A.10.3); null clears an answer",
      ...compliance,
      request: { params: nameParam, ...json(withNote(vendorDiligenceChangeSchema.shape).openapi('VendorDiligenceChange')) },
      responses: ok(objectSchema, 'The changes recorded'),
    }),
    async (c) => {
      const { note, ...change } = c.req.valid('json');
      return c.json(await recordVendorDiligence(deps.db, c.req.valid('param').name, change, author(c, note)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/incidents',
      summary: 'AI incidents, newest first',
      ...access('viewer'),
      request: { query: z.object({ status: z.enum(INCIDENT_STATUSES).optional(), open: z.enum(['true', 'false']).optional(), system: z.string().min(4).max(36).optional() }) },
      responses: ok(itemsSchema, 'Incidents'),
    }),
    async (c) => {
      const query = c.req.valid('query');
      const aiSystemId = query.system ? await resolveAiSystemId(deps.db, query.system) : undefined;
      if (query.system && !aiSystemId) return c.json({ error: `no AI system with id '${query.system}'` }, 404);
      return c.json({ items: await listIncidents(deps.db, { ...(aiSystemId ? { aiSystemId } : {}), ...(query.status ? { status: query.status } : {}), ...(query.open === 'true' ? { open: true } : {}) }) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/systems/{id}/incidents',
      summary: 'Open an AI incident against an AI system (alerts with incident.opened)',
      ...compliance,
      request: { params: z.object({ id: z.string().min(4).openapi({ param: { name: 'id', in: 'path' } }) }), ...json(strictInput(newIncidentSchema.shape).openapi('NewIncident')) },
      responses: ok(objectSchema, 'The incident'),
    }),
    async (c) => {
      const id = await resolveAiSystemId(deps.db, c.req.valid('param').id);
      if (!id) return c.json({ error: `no AI system with id '${c.req.valid('param').id}'` }, 404);
      const input = c.req.valid('json');
      return c.json(await openIncident(deps.db, id, input, author(c, input.note)), 200);
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/api/incidents/{id}', summary: 'One incident with its history', ...access('viewer'), request: { params: incidentParam }, responses: ok(objectSchema, 'The incident') }),
    async (c) => {
      const incident = await findIncident(deps.db, c.req.valid('param').id);
      return c.json({ ...incident, history: await incidentHistory(deps.db, incident) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/incidents/{id}',
      summary: 'Record the investigation, corrective action, vendor escalation or status of an incident',
      ...compliance,
      request: { params: incidentParam, ...json(strictInput(incidentChangeSchema.shape).openapi('IncidentChange')) },
      responses: ok(objectSchema, 'The incident and the changes recorded'),
    }),
    async (c) => {
      const change = c.req.valid('json');
      return c.json(await updateIncident(deps.db, c.req.valid('param').id, change, author(c, change.note)), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/documents', summary: 'The audit documents with their current version and latest approval', ...access('viewer'), responses: ok(itemsSchema, 'Documents') }),
    async (c) => c.json({ items: await listDocuments(deps.db) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/documents/{kind}/approval',
      summary: 'Approve a document in the version the approver read',
      ...compliance,
      request: { params: kindParam, ...json(strictInput(documentApprovalSchema.shape).openapi('DocumentApproval')) },
      responses: ok(objectSchema, 'The approval'),
    }),
    async (c) => {
      const input = c.req.valid('json');
      return c.json(await approveDocument(deps.db, c.req.valid('param').kind, input, author(c, input.note)), 200);
    },
  );
}
