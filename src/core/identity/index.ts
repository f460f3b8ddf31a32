export {
  agencyCodeMatches,
  type ClaimRule,
  foldTitle,
  type OfficialClaims,
  rolesFromClaims,
  ruleMatches,
} from './claim-rules.ts';
