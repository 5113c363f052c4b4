/** Why a string is not a USCC, in the order validateUscc checks them (first failure wins). */
export enum UsccProblem {
  Empty = 'EMPTY',
  Length = 'LENGTH',
  Charset = 'CHARSET',
  RegionCode = 'REGION_CODE',
  OrganisationCheck = 'ORGANISATION_CHECK',
  CheckCharacter = 'CHECK_CHARACTER',
}
