// Package zerenv1 is the zeren.v1 schema in Go: every value the library
// takes and returns — frameworks (责任体系), the structure of organisations,
// posts, people and appointments, the three lists and their assignments,
// supervision records, indicator systems and results, liability and
// accountability proposals — and the request and response messages of the
// services. The same messages are declared to the CEL rule environment and
// generate the Java, TypeScript and Python clients.
//
// The code is generated from proto/zeren/v1/*.proto by ./scripts/gen (this
// file is the only one written by hand). Conventions: ids are strings chosen
// by the OA; instants are google.protobuf.Timestamp and a calendar date is
// the instant its day begins in the locality's time zone; intervals are
// half-open; enums have an _UNSPECIFIED zero value and, where the law leaves
// room, an OTHER value with a custom code.
package zerenv1
