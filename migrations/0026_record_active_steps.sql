-- Inter-agency steps (issue 15): a record may hold several active steps at once (parallel branches at the
-- land registration branch and the tax office, say), each at its own agency with its own role, assignee and
-- due time. The projection keeps them so that every agency's worklist is one indexed query, written by the
-- same one statement as the rest of the projection (writeTransition, migration 0019):
--   active_steps       the active steps as worklists show them: [{stepIndex, key, agencyId, role, assigneeId, dueAt}];
--   active_step_tags   what worklists filter on (GIN): 'a:<agency>' a step there is active, 'r:<agency>:<role>'
--                      with that role, 'n:<agency>:<role>' and nobody assigned, 'u:<user>' assigned to that user,
--                      'h:<agency>' a step there started (active or finished: the agency took part);
--   transfer_failed_at a hand-over to another agency failed and has not yet succeeded (the monitor's list).
-- records.current_step* keep meaning the lowest active step.
ALTER TABLE records
  ADD COLUMN active_steps jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN active_step_tags text[] NOT NULL DEFAULT '{}',
  ADD COLUMN transfer_failed_at timestamptz;
COMMENT ON COLUMN records.active_steps IS 'The active steps (parallel branches): [{stepIndex, key, agencyId, role, assigneeId, dueAt}], from state.activeSteps (or currentStep).';
COMMENT ON COLUMN records.active_step_tags IS 'Worklist keys of the active and started steps: a:<agency>, r:<agency>:<role>, n:<agency>:<role> (unassigned), u:<user>, h:<agency> (started there).';
COMMENT ON COLUMN records.transfer_failed_at IS 'When the pending failed hand-over (chuyển xử lý không thành công) last failed; null when none.';

-- Records projected before: their one active step is the current one.
WITH steps AS (
  SELECT r.id, (s.ord - 1)::int AS idx, s.step,
         (s.ord - 1)::int = (r.state->>'currentStep')::int AS active
  FROM records r, jsonb_array_elements(r.state->'steps') WITH ORDINALITY AS s(step, ord)
  WHERE r.state->>'currentStep' IS NOT NULL OR EXISTS (
    SELECT 1 FROM jsonb_array_elements(r.state->'steps') x WHERE x->>'startedAt' IS NOT NULL)
), agg AS (
  SELECT id,
    coalesce(jsonb_agg(jsonb_build_object('stepIndex', idx, 'key', step->>'key', 'agencyId', step->>'agencyId',
      'role', step->>'role', 'assigneeId', step->'assigneeId', 'dueAt', step->'dueAt') ORDER BY idx)
      FILTER (WHERE active), '[]'::jsonb) AS active_steps,
    array_remove(
      array_agg(DISTINCT 'a:' || (step->>'agencyId')) FILTER (WHERE active)
      || array_agg(DISTINCT 'r:' || (step->>'agencyId') || ':' || (step->>'role')) FILTER (WHERE active)
      || array_agg(DISTINCT 'n:' || (step->>'agencyId') || ':' || (step->>'role'))
           FILTER (WHERE active AND step->>'assigneeId' IS NULL)
      || array_agg(DISTINCT 'u:' || (step->>'assigneeId')) FILTER (WHERE active AND step->>'assigneeId' IS NOT NULL)
      || array_agg(DISTINCT 'h:' || (step->>'agencyId')) FILTER (WHERE active OR step->>'startedAt' IS NOT NULL),
      NULL) AS tags
  FROM steps GROUP BY id
)
UPDATE records r SET active_steps = agg.active_steps, active_step_tags = coalesce(agg.tags, '{}')
FROM agg WHERE agg.id = r.id;

CREATE INDEX records_active_step_tags_idx ON records USING gin (active_step_tags);
CREATE INDEX records_transfer_failed_idx ON records (transfer_failed_at) WHERE transfer_failed_at IS NOT NULL;

-- An agency not yet on the system (it has no accounts here and takes its part outside): a hand-over to it
-- fails with reason agency_not_on_system instead of waiting in a worklist nobody reads.
ALTER TABLE agencies ADD COLUMN on_system boolean NOT NULL DEFAULT true;
COMMENT ON COLUMN agencies.on_system IS 'False when the agency does not work on this system yet: a hand-over to one of its steps fails (agency_not_on_system).';
