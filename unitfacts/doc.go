// Package unitfacts builds the facts rules read (zeren.v1.UnitFacts) from
// what an OA keeps: a hierarchy, the year's plan (三个清单), its
// assignments (分解任务) and progress reports (进度填报), inspection findings
// (督查发现) and supervision cases (督办单), as of a date.
//
// [Build] is the one function that does this, for the library's users and
// for zerend alike, so that an embedding OA and the server score the same
// data the same way. For each unit assessed it gathers:
//
//   - the unit, its top organisation (the one with the fewest ancestors,
//     i.e. the unit's 党组（党委）, whatever the input order) and all its
//     organisations;
//   - the assignments of the unit's organisations whose period lies within
//     the assessed period, not retired, with the progress reported up to the
//     as-of instant applied (package checklist's Record), and each
//     assignment's dimension and tags copied from its task in the plan, so
//     that rules can select work by what it is
//     (`a.dimension == Dimension.DIMENSION_ORGANIZATIONAL`,
//     `"三会一课" in a.tags`) instead of by task ids that change from year to
//     year;
//   - the findings found, and the cases opened, within the period and not
//     after the as-of instant;
//   - the custom metrics and business score the OA supplies per unit;
//   - the period and "now" (the as-of instant).
//
// [Parse] decodes a document of facts (zeren.v1.FactSet) an OA supplies
// directly, from JSON or text format.
//
// The package is pure: no I/O, no clock; time is a parameter. Build does not
// modify its input.
package unitfacts
