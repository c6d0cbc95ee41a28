// Package server serves the zeren.v1 services — HierarchyService,
// AssessmentService and the others of proto/zeren/v1/service.proto — as one
// net/http handler that speaks gRPC, gRPC-Web and Connect (JSON or binary
// over HTTP/1.1 and HTTP/2), so that Java, TypeScript and Python OA systems
// call the library through clients generated from the schema.
//
// [New] takes a [Store] and options; [Server.Handler] returns the handler to
// mount in the OA backend's own mux (see examples/embed) or in zerend.
// Every call is authenticated by an [Authenticator] that maps a bearer token
// to a [Principal] bound to an organisation subtree: a caller sees and
// changes only that subtree, and only a caller granted everything (the
// 机关工委) may replace the framework or the structure. Requests are limited
// in size ([WithMaxRequestBytes]) and time ([WithTimeout]); unknown JSON
// fields are errors, never silently dropped.
//
// # Who may do what
//
// The 机关工委 (a principal without a Root) stores the framework, the
// structure, the plan (PutPlan, Decompose), findings (RecordFindings),
// extensions (ExtendCase), indicator systems (PutIndicatorSystem), runs
// (RunAssessment), dry runs (DryRun), redactions of evidence
// (RedactEvidence) and decisions on proposals (SetProposalStatus), and it
// alone verifies, returns and closes out cases. The structure is its
// alone too: PutStructure, GetStructure and ChangeStructure (incremental
// changes, rotations) refuse every other caller, even for organisations in
// the caller's own subtree. A branch's organisation chart is the OA's
// record, synced by the work committee's nightly job (examples/nightlysync),
// and a branch that could add or end appointments could move its own
// accountability onto someone else (终身问责 follows the appointments). Every other call is open to
// a branch token within its subtree: reads are filtered to it, and a write
// that touches one record outside it (RecordProgress, TransitionCase) is
// refused whole.
//
// Units are ranked against each other, so a branch token is a possible
// adversary of the other units (DESIGN.md, "Trust model"):
//
//   - Anything outside the caller's subtree answers exactly like a missing
//     record: NOT_FOUND with the same message, naming only the id the caller
//     gave. Every handler that takes an id asks one helper (reach) and
//     answers with one error (missing).
//   - DryRun is the work committee's. A candidate formula runs over every
//     unit's facts and ranks the units against each other; a branch that
//     could choose the formula could branch on another unit's facts
//     (`facts.unit.id == "fgw" && size(facts.cases) > N`) and read the
//     answer from its own score or rank. Scoring only the branch's subtree
//     would still grade it against quotas computed from everyone's scores,
//     so the call is refused (PERMISSION_DENIED, the same answer whatever
//     the other units' data).
//   - Page tokens are sealed with AES-256-GCM under a server key
//     ([WithPageTokenKey]) with the caller and the query as associated
//     data: they reveal no ids, and a token issued to another caller or for
//     another query is refused.
//
// # Limits
//
// What callers write is bounded in one table (limits.go), checked for
// every request after authentication and before its handler: every string,
// every repeated field and map, every timestamp (1900-01-01 to 2200-12-31)
// and every year (1900–2200). A request over a bound is INVALID_ARGUMENT
// naming the record and the field, Chinese first, and writes nothing.
// Evidence is capped per assignment and per case; RedactEvidence removes
// it. A progress report's `at` may lie at most [WithProgressTolerance]
// before the server's receipt, which the server stamps, and never after
// it; a branch reports as itself. RecordFindings refuses to overwrite a
// stored finding unless the request names its version. A run has a cost
// budget ([WithRunBudget]) and an indicator system at most 500 indicators;
// a caller runs at most [WithMaxEvaluationsPerCaller] rule evaluations
// (CheckRule, RunAssessment, DryRun) at once;
// a unit whose facts are over [WithMaxFactsBytes] is left out of the run
// with a diagnostic and the others are scored. Request bodies are read only
// after the bearer token is checked; gzip bodies may inflate at most 100
// times; unknown fields are errors in binary protobuf as in JSON.
// cmd/README.md ("Limits") lists every bound.
//
// GetAgenda is both the daily question and the daily bookkeeping: called by
// the 机关工委 for a day that is not after the server's today, it stores the
// cases it opens and the 催办 it records (both idempotent by id, so the OA
// calls it once a day and a missed day is caught up); called by a branch,
// or for a future day, it only reports, for the caller's subtree.
//
// # Storage
//
// Documents are zeren.v1 messages under the kinds listed with [KindPlan]
// and the others, each with a scope (the organisation it belongs to) that
// the store filters on. Assignments are keyed "<year>/<assignment id>", so a
// year (one plan) is a prefix; a run's results are keyed in rank order
// under its id and a generation, and the run's record, written last,
// switches readers to a new generation. Calls write in batches of at most
// 10,000 changes, each expecting the versions it read, so a concurrent
// writer is never silently overwritten (the call then fails with ABORTED
// and may be repeated; the writes are idempotent).
//
// No call holds a province's year. Decompose works a batch of
// organisations at a time (WithAssignmentBatch), RunAssessment and
// GetAgenda a batch of units (WithUnitBatch), each reading its batch's
// records scope by scope; structure changes walk the assignments a store
// page at a time. DryRun scores the run's stored facts a batch of units
// at a time too, keeping each unit's two results. GetPersonOutcome reads
// the findings and cases of the organisations the person's posts watch
// and the results of the person's units, and walks the 述职评议 results,
// proposals and talks page by page, decoding only those naming the person. GetAgenda's answer holds what it decided (a case per
// overdue assignment), so a province's agenda is asked for in pages of
// units (units_per_page), each page storing its own decisions.
//
// # Structure changes
//
// PutStructure and ChangeStructure validate the whole resulting structure,
// then check what it does to the stored work: an assignment (of any
// status), an open case or a pending proposal left at a removed
// organisation or post, an open assignment bound to a removed appointment,
// or a case or proposal at a removed unit, refuses the change with
// FAILED_PRECONDITION and one ValidationProblem detail per record (record,
// id, name, field, and the missing target in Chinese and English). With
// rebind, records at a removed organisation move to its successor (the
// request's successors map; an assignment to the successor's post of the
// same kind), and open assignments follow their posts to the holders as of
// the request's `at` (checklist.Rebind, with a handover); anything that
// still cannot move refuses the change. dry_run returns the same impact
// without writing. The structure and the moved records are written in
// batches of 10,000, the structure first, each expecting the versions it
// read. A later Decompose retires moved assignments the plan no longer
// produces (a merged branch's), keeping their progress and evidence.
//
// RunAssessment builds each unit's facts with unitfacts.Build, the
// library's one facts builder, from the stored assignments, findings and
// cases of the period as of the server's now, the plan the indicator system
// names (or the year's plan) giving each assignment its dimension, kind and
// tags; what a request's facts supply (metrics, business score, a list)
// overrides the stored list. An OA that calls unitfacts.Build on the same
// records gets the same facts. PutIndicatorSystem checks a system that names
// a stored plan against it (assessment.WithPlan).
//
// Errors carry proper codes: INVALID_ARGUMENT with one
// zeren.v1.ValidationProblem detail per problem, naming the record and the
// field; NOT_FOUND, also for a record outside the caller's subtree;
// PERMISSION_DENIED for a call that is the work committee's;
// UNAUTHENTICATED; RESOURCE_EXHAUSTED when a run's budget is spent; FAILED_PRECONDITION when data a call
// needs has not been stored yet or a case or proposal cannot take the
// change asked (naming it and both states); ABORTED when a concurrent
// writer changed a record first.
//
// # Dates on the wire
//
// Every google.protobuf.Timestamp is an instant. Where the domain means a day
// — a due date (due, deadline), an appointment's start and end, a review or
// finding date, a calendar's holidays — the instant is the start of that day,
// 00:00, in the locality's time zone (the calendar's location, China Standard
// Time, UTC+8, by default): 2026-01-31 is 2026-01-30T16:00:00Z, written
// best as "2026-01-31T00:00:00+08:00" in JSON. Any instant within a day stands
// for that day; the server and the library compare days, not instants, in
// that zone. A due date covers its whole day: an assignment due 2026-01-31 is
// on time when finished at any time that day, is not overdue on its due day,
// and becomes overdue on the next working day (with the policy's grace of
// working days before a case is opened, and a due date on a rest day moved
// by the calendar's rule, 顺延 by default). A measure judged at its due date
// (an "at most" target) is judged from the start of that day. An end of an
// appointment is exclusive: the holder has the post until that day begins.
//
// Requests over the wire take RFC 3339 instants only, as protojson does;
// "2026-01-31" alone is accepted by the library's document loaders (Parse*
// in every package, and so the zeren command's files), which read it as the
// start of that day in the locality's zone, and refused elsewhere with a hint
// at both forms. People read dates as local dates (calendar.FormatDate).
//
// The server is the edge: it reads the clock ([WithClock]) to answer "now"
// when a request leaves the date unset, and to date case transitions,
// extensions, decisions on proposals and runs. The library's core does not.
package server
