-- Placeholder on branch i13-identity only, so that 0022/0023 run here; the merge replaces it with the real 0020.
SELECT 1;
