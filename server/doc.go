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
// (RunAssessment) and decisions on proposals (SetProposalStatus), and it
// alone verifies, returns and closes out cases. Every other call is open to
// a branch token within its subtree: reads are filtered to it (an explicit
// organisation outside it is PERMISSION_DENIED), and a write that touches
// one record outside it (RecordProgress, TransitionCase) is refused whole.
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
// field; NOT_FOUND; PERMISSION_DENIED naming the organisation and the
// caller's subtree; UNAUTHENTICATED; FAILED_PRECONDITION when data a call
// needs has not been stored yet or a case or proposal cannot take the
// change asked (naming it and both states); ABORTED when a concurrent
// writer changed a record first.
//
// The server is the edge: it reads the clock ([WithClock]) to answer "now"
// when a request leaves the date unset, and to date case transitions,
// extensions, decisions on proposals and runs. The library's core does not.
package server
