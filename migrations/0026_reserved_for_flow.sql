-- Placeholder on branch i15-groups only: number 0026 is lane C's (flow). Delete this file when lane C's
-- 0026 is merged; if lane C has no migration, keep it (it does nothing).
SELECT 1;
