// The catalogue's ids (db/data/*.json, copies of ../shared/data) as the contract's closed lists,
// so the OpenAPI description and the request schemas name exactly what the server takes. Written
// out here rather than imported: contract/ reaches no JSON file, and the reporter bundle carries
// these few hundred bytes instead of the labelled catalogue. test/unit/catalog.test.ts holds them
// equal to db/data.

/** KATO prefixes of the regions (db/data/regions.json). */
export const regionIds = ['10', '11', '15', '19', '23', '27', '31', '33', '35', '39', '43', '47', '55', '59', '61', '62', '63', '71', '75', '79'] as const;

/** OKED section letters (db/data/industries.json). */
export const industryIds = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U'] as const;

/** Report category ids, dotted below their parent (db/data/report-categories.json). */
export const categoryIds = [
  'concealed_injury',
  'concealed_injury.unreported',
  'concealed_injury.recorded_as_domestic',
  'concealed_injury.severity_downgraded',
  'concealed_injury.sick_leave_pressure',
  'concealed_injury.hush_payment',
  'concealed_injury.scene_altered',
  'concealed_injury.fatal_concealed',
  'concealed_injury.contractor_or_informal',
  'near_miss',
  'unsafe_conditions',
  'missing_ppe',
  'production_pressure',
  'sham_training',
  'production_council_inactive',
  'inspector_corruption',
  'retaliation',
  'occupational_disease',
  'wage_arrears',
  'other',
] as const;
