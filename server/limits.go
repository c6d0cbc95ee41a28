package server

import (
	"context"
	"fmt"
	"strings"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Bounds the handlers check themselves, beside the table below (the
// table's defaults and overrides use them). They are checked before any
// work, so that an oversized request costs nothing.
const (
	// maxItems is the most items of a list in one request (progress
	// records, findings, unit facts, reviews).
	maxItems = 10000
	// maxBatch is the most changes the server writes in one Store.Apply,
	// the limit zerend's stores enforce.
	maxBatch = 10000
	// maxEvidence is the most pieces of evidence or measures per item.
	maxEvidence = 100
	// maxTriggers is the most triggers of an indicator system.
	maxTriggers = 1000
	// maxIDBytes is the longest id a caller may choose (plan, system,
	// finding, task); the server prefixes ids with up to 70 bytes and the
	// stores accept 256.
	maxIDBytes = 128
	// maxNoteBytes is the longest remark (note, reason).
	maxNoteBytes = 4096
	// maxScopes is the most scopes one ListQuery may carry (zerend's
	// stores accept 10,000); a larger subtree is filtered in memory.
	maxScopes = 10000
	// storePage is the page size the server asks of the store.
	storePage = 1000
)

// The bounds on what callers write, in one place. Every request is walked
// before its handler runs (limitsInterceptor): every string and bytes field,
// every repeated and map field, every timestamp and every year anywhere in
// the request is checked against this table, so that no stored record can
// grow without bound and no date outside the declared range reaches the
// store. cmd/README.md ("Limits") and the package doc list them.
const (
	// defaultTextBytes is the longest string or bytes field not listed in
	// textBytes: a name, an id, a remark.
	defaultTextBytes = maxNoteBytes
	// defaultItems is the most items of a repeated or map field not listed
	// in items.
	defaultItems = maxItems
	// maxEvidencePerRecord is the most pieces of evidence an assignment or a
	// case keeps in all; a report that would pass it is refused, and the
	// work committee removes evidence with RedactEvidence.
	maxEvidencePerRecord = 200
	// maxCaseHistory is the most events and measures a case keeps; a
	// transition that would pass it is refused.
	maxCaseHistory = 1000
	// maxIndicators is the most indicators (all levels, with bonuses,
	// deductions and vetoes) of one indicator system.
	maxIndicators = 500
	// progressTolerance is how far before its receipt a progress report's
	// `at` may lie; it may never lie after it.
	progressTolerance = 72 * time.Hour
	// maxFactsBytes is the largest marshalled facts of one unit a run
	// scores and stores (the stores accept 32 MiB per record); a unit over
	// it gets a diagnostic and is left out of the run, the others are
	// scored.
	maxFactsBytes = 16 << 20
)

// The declared range of every date a caller sends: 1900-01-01 to
// 2200-12-31 (UTC), and of every year.
var (
	minDate = time.Date(1900, time.January, 1, 0, 0, 0, 0, time.UTC)
	maxDate = time.Date(2200, time.December, 31, 23, 59, 59, 999999999, time.UTC)
)

const minYear, maxYear = 1900, 2200

// textBytes lists string fields whose bound differs from defaultTextBytes.
var textBytes = map[protoreflect.FullName]int{
	"zeren.v1.Evidence.ref":            2048,
	"zeren.v1.Evidence.title":          512,
	"zeren.v1.Evidence.recorded_by":    256,
	"zeren.v1.ProgressRecord.note":     maxNoteBytes,
	"zeren.v1.Indicator.formula":       16 << 10,
	"zeren.v1.Adjustment.formula":      16 << 10,
	"zeren.v1.Veto.condition":          16 << 10,
	"zeren.v1.Trigger.condition":       16 << 10,
	"zeren.v1.Modifier.condition":      16 << 10,
	"zeren.v1.CheckRuleRequest.source": 16 << 10,
}

// items lists repeated and map fields whose bound differs from
// defaultItems.
var items = map[protoreflect.FullName]int{
	"zeren.v1.ProgressRecord.evidence":             maxEvidence,
	"zeren.v1.TransitionCaseRequest.evidence":      maxEvidence,
	"zeren.v1.TransitionCaseRequest.measures":      maxEvidence,
	"zeren.v1.GetLiabilityRequest.participant_ids": 100, // as GetLiability checks
	"zeren.v1.Structure.units":                     200000,
	"zeren.v1.Structure.organizations":             200000,
	"zeren.v1.Structure.posts":                     500000,
	"zeren.v1.Structure.people":                    500000,
	"zeren.v1.Structure.appointments":              1000000,
	"zeren.v1.Structure.duty_areas":                200000,
	"zeren.v1.Scope.organization_ids":              200000,
	"zeren.v1.Scope.unit_ids":                      200000,
	"zeren.v1.UnitFacts.organizations":             100000,
	"zeren.v1.UnitFacts.assignments":               100000,
	"zeren.v1.UnitFacts.findings":                  100000,
	"zeren.v1.UnitFacts.cases":                     100000,
	"zeren.v1.Review.ballots":                      100000,
	"zeren.v1.PutIndicatorSystemRequest.triggers":  maxTriggers,
	"zeren.v1.IndicatorSystem.indicators":          maxIndicators,
	"zeren.v1.Indicator.children":                  maxIndicators,
	"zeren.v1.IndicatorSystem.bonuses":             maxIndicators,
	"zeren.v1.IndicatorSystem.deductions":          maxIndicators,
	"zeren.v1.IndicatorSystem.vetoes":              maxIndicators,
}

// years lists int32 fields holding a calendar year; 0 means "unset" where
// the schema allows it.
var years = map[protoreflect.FullName]bool{
	"zeren.v1.Period.year": true,
	"zeren.v1.Plan.year":   true,
}

const timestampName protoreflect.FullName = "google.protobuf.Timestamp"

// checkLimits walks a request and returns one problem per field over its
// bound, naming the record (the message) and the field's path.
func checkLimits(m proto.Message) problemList {
	var ps problemList
	if m == nil || !m.ProtoReflect().IsValid() {
		return nil
	}
	w := walker{ps: &ps}
	w.message(m.ProtoReflect())
	return ps
}

// step is one step of a field path: a field, with an index or a map key.
type step struct {
	name  string
	index int // -1: none
	key   string
}

// walker walks a message; the path is rendered only for a problem.
type walker struct {
	ps   *problemList
	path []step
}

func (w *walker) full() bool { return len(*w.ps) >= maxDetails }

func (w *walker) render() string {
	var b strings.Builder
	for i, st := range w.path {
		switch {
		case st.name != "":
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(st.name)
		case st.index >= 0:
			fmt.Fprintf(&b, "[%d]", st.index)
		default:
			b.WriteString("[" + st.key + "]")
		}
	}
	return b.String()
}

func (w *walker) problem(md protoreflect.MessageDescriptor, zh, en string) {
	if w.full() {
		return
	}
	*w.ps = append(*w.ps, &zerenv1.ValidationProblem{Record: string(md.Name()), Field: w.render(), Message: zh + "（" + en + "）"})
}

func (w *walker) push(st step) { w.path = append(w.path, st) }
func (w *walker) pop()         { w.path = w.path[:len(w.path)-1] }

func (w *walker) message(m protoreflect.Message) {
	md := m.Descriptor()
	if md.FullName() == timestampName {
		w.timestamp(m)
		return
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		w.push(step{name: string(fd.Name()), index: -1})
		defer w.pop()
		switch {
		case fd.IsList():
			l := v.List()
			if max := itemsOf(fd); l.Len() > max {
				w.problem(md, fmt.Sprintf("有 %d 项，超过上限 %d", l.Len(), max),
					fmt.Sprintf("holds %d items, more than the %d allowed", l.Len(), max))
			}
			if !scalarOK(fd) {
				for i := 0; i < l.Len() && !w.full(); i++ {
					w.push(step{index: i})
					w.value(md, fd, l.Get(i))
					w.pop()
				}
			}
		case fd.IsMap():
			mp := v.Map()
			if max := itemsOf(fd); mp.Len() > max {
				w.problem(md, fmt.Sprintf("有 %d 项，超过上限 %d", mp.Len(), max),
					fmt.Sprintf("holds %d entries, more than the %d allowed", mp.Len(), max))
			}
			mp.Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
				if s, ok := k.Interface().(string); ok && len(s) > defaultTextBytes {
					w.problem(md, fmt.Sprintf("键长 %d 字节，超过上限 %d", len(s), defaultTextBytes),
						fmt.Sprintf("has a key of %d bytes, more than the %d allowed", len(s), defaultTextBytes))
				}
				if !scalarOK(fd.MapValue()) {
					w.push(step{index: -1, key: k.String()})
					w.value(md, fd.MapValue(), mv)
					w.pop()
				}
				return !w.full()
			})
		default:
			w.value(md, fd, v)
		}
		return !w.full()
	})
}

// scalarOK reports whether every value of a field's kind is within bounds,
// so that its elements need no visit: numbers, booleans and enums that are
// not years.
func scalarOK(fd protoreflect.FieldDescriptor) bool {
	switch fd.Kind() {
	case protoreflect.MessageKind, protoreflect.GroupKind, protoreflect.StringKind, protoreflect.BytesKind:
		return false
	}
	return !years[fd.FullName()]
}

func (w *walker) value(md protoreflect.MessageDescriptor, fd protoreflect.FieldDescriptor, v protoreflect.Value) {
	switch fd.Kind() {
	case protoreflect.MessageKind, protoreflect.GroupKind:
		w.message(v.Message())
	case protoreflect.StringKind, protoreflect.BytesKind:
		n := len(v.String())
		if fd.Kind() == protoreflect.BytesKind {
			n = len(v.Bytes())
		}
		if max := textOf(fd); n > max {
			w.problem(md, fmt.Sprintf("长 %d 字节，超过上限 %d", n, max),
				fmt.Sprintf("is %d bytes, more than the %d allowed", n, max))
		}
	case protoreflect.Int32Kind:
		if y := v.Int(); years[fd.FullName()] && y != 0 && (y < minYear || y > maxYear) {
			w.problem(md, fmt.Sprintf("年份 %d 超出允许范围 %d–%d", y, minYear, maxYear),
				fmt.Sprintf("year %d is outside the range %d–%d", y, minYear, maxYear))
		}
	}
}

func (w *walker) timestamp(m protoreflect.Message) {
	fields := m.Descriptor().Fields()
	sec := m.Get(fields.ByName("seconds")).Int()
	nanos := m.Get(fields.ByName("nanos")).Int()
	if nanos < 0 || nanos > 999999999 {
		w.problem(m.Descriptor(), fmt.Sprintf("纳秒数 %d 无效", nanos), fmt.Sprintf("has invalid nanos %d", nanos))
		return
	}
	if sec < minDate.Unix() || sec > maxDate.Unix() {
		shown := "out of range"
		if t := time.Unix(sec, 0).UTC(); t.Year() >= 0 && t.Year() <= 9999 {
			shown = t.Format(time.RFC3339)
		}
		w.problem(m.Descriptor(),
			fmt.Sprintf("日期 %s 超出允许范围 %s 至 %s", shown, minDate.Format(time.DateOnly), maxDate.Format(time.DateOnly)),
			fmt.Sprintf("date %s is outside the range %s to %s", shown, minDate.Format(time.DateOnly), maxDate.Format(time.DateOnly)))
	}
}

func itemsOf(fd protoreflect.FieldDescriptor) int {
	if n, ok := items[fd.FullName()]; ok {
		return n
	}
	return defaultItems
}

func textOf(fd protoreflect.FieldDescriptor) int {
	if n, ok := textBytes[fd.FullName()]; ok {
		return n
	}
	return defaultTextBytes
}

// limitsInterceptor refuses, before its handler runs, a request with a
// field over its bound or a date outside the declared range.
func limitsInterceptor() connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			if m, ok := req.Any().(proto.Message); ok {
				if ps := checkLimits(m); len(ps) > 0 {
					return nil, limitsErr(ps)
				}
			}
			return next(ctx, req)
		}
	}
}

// limitsErr is INVALID_ARGUMENT listing the problems, Chinese first.
func limitsErr(ps problemList) error {
	lines := make([]string, 0, min(len(ps), 20))
	for i, p := range ps {
		if i == 20 {
			lines = append(lines, fmt.Sprintf("… and %d more", len(ps)-20))
			break
		}
		lines = append(lines, p.GetRecord()+" "+p.GetField()+": "+p.GetMessage())
	}
	return withProblems(connect.CodeInvalidArgument,
		fmt.Errorf("请求超出限制（the request is over its limits）: %s", strings.Join(lines, "; ")), ps)
}
