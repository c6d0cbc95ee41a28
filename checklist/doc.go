// Package checklist keeps the three lists (三个清单) of a year's Party
// building in government organs and breaks them down to the people who carry
// them: the 问题清单 of problems found, the 任务清单 of tasks that answer them,
// and the 责任清单 that says who answers for each task and by when.
//
// # From lists to assignments
//
// A plan (zeren.v1.Plan) is read with [ParsePlan] and checked against a
// [responsibility.Hierarchy] with [NewPlan], which reports every problem at
// once in a *[ValidationError], each naming the item:
//
//	task "T23" (落实“第一议题”制度): measure.target: a DONE measure has target 1 (done), not 4
//
// [Decompose] then breaks each task down as the seed report asks —
// 定位到岗、细化到人、量化到事, 按季度、按月分解工作任务 — into assignments
// (分解任务): one per organisation in the task's scope that has a post of the
// task's owner kind, per period of the task's measure. Each is bound to the
// post and to the person holding it, carries its period's share of the yearly
// target ([SplitTarget]: per period, cumulative or repeated, with explicit
// rounding that still sums to the yearly target) and a due date (the
// period's last day, never after the task's deadline). Assignment ids are
// derived from task, organisation and period ("T23/czj-b1/2026-Q1"), so
// decomposing again after an edit of the plan or of the hierarchy updates
// rather than duplicates: [WithPrevious] carries recorded progress over and
// retires what is no longer produced, and [Diff] tells what was added,
// changed and retired. [DecomposeSeq] streams the same assignments for
// callers that write a province's year (millions of assignments) to a
// database, and [WithOrganizations] decomposes a batch of organisations at
// a time against just their previous assignments, giving what the whole
// plan gives for them ([Plan.Organizations] sizes the batches): a caller
// that keeps the year in a database then never holds it.
//
// # People rotate, work follows the post
//
// When a post changes hands, open assignments move to the new holder from
// the change on (人随岗走), each move recorded as a Handover; done
// assignments keep the person who did them, and an overdue assignment stays
// on the record of whoever held the post when it fell due (终身问责).
// [Rebind] applies the changeovers of a hierarchy up to a date; [WithAsOf]
// does the same during decomposition.
//
// # Progress and roll-up
//
// [Record] applies progress reports (进度填报: the actual value and evidence
// references into the OA) and completes an assignment when its measure is
// met. [Rollup] aggregates count, done, weighted completion (完成率), on-time
// rate and overdue count per assignment, organisation, unit, level, task or
// person as of a date — the figures behind 上热中温下冷 when read by level.
// Completion says whether targets were met, not how well: result quality is
// assessed separately.
//
// # Conventions
//
// Dates follow the schema: a calendar date is the instant its day begins in
// the hierarchy's location, and intervals are half-open. A period of 2026-Q1
// runs [2026-01-01, 2026-04-01) and is due on 2026-03-31; the assignment is
// on time if completed before 2026-04-01 00:00 and overdue from then on.
//
// Nothing in this package reads the clock, does I/O or keeps global state:
// time is a parameter. A [Plan] is immutable and safe for concurrent use;
// [Record] and [Rebind] change the assignments given to them in place.
package checklist
