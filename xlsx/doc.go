// Package xlsx reads and writes Zeren's records as Excel workbooks, the way
// government offices already work: the three lists (三个清单) are drafted as
// spreadsheets, 述职评议 ballots are tallied on sheets, and assignments,
// supervision cases, scores and accountability proposals go out as tables.
//
// It is a nested module (github.com/zerenlab/zeren/xlsx) so that the root
// module stays free of excelize and keeps its low go line; an OA backend
// imports it beside the library.
//
// Templates and imports:
//   - [WritePlan] writes the three-lists workbook (说明, 问题清单, 任务清单,
//     责任清单) with Chinese headers, a frozen header row, widths that fit
//     Chinese text and drop-downs; with an empty plan it is the template.
//     [ReadPlan] reads it back into a zeren.v1.Plan.
//   - [WriteReviews] writes the 述职评议测评表, one sheet per rater group and a
//     row per reviewee with the tallies of 好/较好/一般/差; [ReadReviews]
//     reads the tallies back as zeren.v1.Review ballots.
//
// An import reports every problem at once, each located by sheet and cell
// (`任务清单!D14`) in Chinese with English beside it, as an [*ImportError];
// a workbook with any problem imports nothing. The error unwraps to the
// library's *problem.ValidationError, each problem in the one shape
// ([Problem.Problem]: the location as Path, the column's header as Field),
// so problem.As and errors.Is(err, problem.MissingField) work on it and a
// server sends it as zeren.v1.ValidationProblem. Hostile files are refused
// within [Limits]: an oversized file, a zip bomb, a huge sheet, formulas
// where values are expected, merged cells.
//
// Exports: [WriteAssignments] (分解表), [WriteCases] (督办台账),
// [WriteResults] (考核评分表) and [WriteProposals] (问责建议). Dates are
// written as Beijing dates ([Beijing]); numbers are real numbers, scores at
// the indicator system's precision.
//
// Export then import gives an identical plan and identical ballots
// (proto.Equal). Nothing here keeps state; every function is safe for
// concurrent use.
package xlsx
