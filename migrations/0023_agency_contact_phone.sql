-- The receiving unit's contact phone (issue 13 #27): slip 02 (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ) names
-- whom to call for help (DOMAIN.md §3.2). Optional, set by an administrator (PATCH /api/agencies/:id), kept
-- in E.164 form as src/core/vn normalizePhone gives it.
ALTER TABLE agencies ADD COLUMN contact_phone text CHECK (contact_phone ~ '^\+84[0-9]{9,10}$');
COMMENT ON COLUMN agencies.contact_phone IS 'Contact phone for applicants (E.164, +84...), printed on slip 02; null when unset.';
