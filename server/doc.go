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
// Errors carry proper codes: INVALID_ARGUMENT with one
// zeren.v1.ValidationProblem detail per problem, naming the record and the
// field; NOT_FOUND; PERMISSION_DENIED naming the organisation and the
// caller's subtree; UNAUTHENTICATED; FAILED_PRECONDITION when data a call
// needs has not been stored yet.
//
// The server is the edge: it may read the clock ([WithClock]) to answer
// "now" when a request leaves the date unset. The library's core does not.
package server
