import { z } from 'zod';
import { ActionForms } from '../../contracts/records.ts';
import { actionForms } from '../../core/records/action-forms.ts';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http/index.ts';
import type { CalendarService } from '../calendar/index.ts';
import { delegatedAuthorities } from '../identity/organisation/index.ts';
import { agencyNames } from '../units/index.ts';
import { delegatedActor, officialActor, visibleState } from './records.access.ts';
import { recordReadProblems } from './records.problems.ts';

/**
 * The workspace's action forms: every action the caller may take on the record now, with the JSON Schema
 * of its command and how to show each field, derived from the command schemas (a new command needs no
 * web change).
 */
export function actionFormsRoutes(app: App, deps: Deps, calendars: CalendarService): void {
  const { db } = deps.database;
  app.get(
    '/api/records/:id/actions',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['records'],
        summary:
          "The actions the caller may take on the record now, each with its form: the command body's JSON Schema (z.toJSONSchema of the command, without `type`), the fields with their widget (text, long_text, lines, number, enum, boolean, date, official, documents, checklist, earlier_step, items), Vietnamese and English labels, choices and initial values, and, for an action on a step, the step (index, name, agency). When several steps are active (parallel branches), a step action appears once per step the caller may take it at. The actions the caller may take for a leader under a delegation in force follow, each with `onBehalfOf` (docs/OFFICIALS.md). POST /api/records/{id}/{action} with the body and the record's `version` (and `onBehalfOf` for a leader's action). A record the caller cannot see is 404",
        params: z.object({ id: z.uuid() }),
        response: {
          200: ActionForms,
          ...recordReadProblems,
        },
      },
    },
    async (req) => {
      const state = await visibleState(db, req.params.id, req);
      const calendar = await calendars.calendar(db);
      const now = deps.clock.now();
      const own = actionForms(state, officialActor(req), { now, calendar }).map((f) => ({
        ...f,
        onBehalfOf: null,
      }));
      // A delegate sees the record as themselves (their agency) and acts in it with the leader's authority.
      const leaders = await delegatedAuthorities(db, req.actor!, now);
      const forms = [
        ...own,
        ...leaders.flatMap((l) =>
          actionForms(state, delegatedActor(req, l), { now, calendar }).map((f) => ({
            ...f,
            onBehalfOf: { userId: l.leaderId, displayName: l.leaderName },
          })),
        ),
      ];
      const ids = [...new Set(forms.flatMap((f) => (f.step ? [f.step.agencyId] : [])))];
      const names = ids.length > 0 ? await agencyNames(db, ids) : new Map<string, string>();
      return {
        version: state.version,
        items: forms.map((f) => ({
          ...f,
          step: f.step ? { ...f.step, agencyName: names.get(f.step.agencyId) ?? null } : null,
        })),
      };
    },
  );
}
