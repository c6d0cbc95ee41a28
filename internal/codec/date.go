package codec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// DefaultLocation is the zone a date-only value is read in when the caller
// gives none: China Standard Time, UTC+8, as a fixed zone so that no time
// zone database is needed (the zone of Asia/Shanghai since 1991).
func DefaultLocation() *time.Location { return time.FixedZone("CST", 8*3600) }

// DateError reports a value that is neither a date (YYYY-MM-DD) nor an RFC
// 3339 instant where a date or an instant is expected. It reads in Chinese
// (Zh) and English (En, Error) and hints at the accepted forms.
type DateError struct {
	// Value is the text as written.
	Value string
	// Reason is why it was refused, in English ("month out of range"), or
	// "" when it has neither form.
	Reason string
}

// The forms a date is accepted in, for the hints.
const (
	dateHintZh = "应为日期 YYYY-MM-DD（如 2026-01-31，指当地时区当日零时）或 RFC 3339 时刻（如 2026-01-31T00:00:00+08:00）"
	dateHintEn = "want a date YYYY-MM-DD (e.g. 2026-01-31, meaning 00:00 local time) or an RFC 3339 instant (e.g. 2026-01-31T00:00:00+08:00)"
)

// Zh is the message in Chinese.
func (e *DateError) Zh() string {
	if e.Reason != "" {
		return fmt.Sprintf("日期 %q 无效（%s）：%s", e.Value, e.Reason, dateHintZh)
	}
	return fmt.Sprintf("日期 %q 无法识别：%s", e.Value, dateHintZh)
}

// En is the message in English.
func (e *DateError) En() string {
	if e.Reason != "" {
		return fmt.Sprintf("date %q is not valid (%s): %s", e.Value, e.Reason, dateHintEn)
	}
	return fmt.Sprintf("date %q is not understood: %s", e.Value, dateHintEn)
}

func (e *DateError) Error() string { return e.En() }

// isDateOnly reports whether s has the shape YYYY-MM-DD (digits and dashes).
func isDateOnly(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range []byte(s) {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// ParseDate reads a date written YYYY-MM-DD as the instant its day begins in
// loc (nil: [DefaultLocation]). 2026-01-31 in UTC+8 is
// 2026-01-30T16:00:00Z. Anything else is a [*DateError].
func ParseDate(s string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = DefaultLocation()
	}
	if !isDateOnly(s) {
		return time.Time{}, &DateError{Value: s}
	}
	t, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		reason := err.Error()
		if pe, ok := err.(*time.ParseError); ok && len(pe.Message) > 2 {
			reason = pe.Message[2:] // ": month out of range"
		}
		return time.Time{}, &DateError{Value: s, Reason: reason}
	}
	return t, nil
}

// ParseInstant reads a date (YYYY-MM-DD, the instant its day begins in loc)
// or an RFC 3339 instant; anything else is a [*DateError].
func ParseInstant(s string, loc *time.Location) (time.Time, error) {
	if isDateOnly(s) {
		return ParseDate(s, loc)
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, &DateError{Value: s}
	}
	return t, nil
}

// FormatDate writes the day that contains ts in loc (nil: [DefaultLocation])
// as YYYY-MM-DD, or "" for a nil timestamp: a due date stored as
// 2026-01-30T16:00:00Z prints as 2026-01-31 in UTC+8.
func FormatDate(ts *timestamppb.Timestamp, loc *time.Location) string {
	if ts == nil {
		return ""
	}
	if loc == nil {
		loc = DefaultLocation()
	}
	return ts.AsTime().In(loc).Format(time.DateOnly)
}

// timestampName is the full name of google.protobuf.Timestamp.
const timestampName = "google.protobuf.Timestamp"

// dateEdit is one string token of a JSON document to replace.
type dateEdit struct {
	start, end int // byte offsets of the token, quotes included
	with       string
}

// rewriteDates finds the string values of google.protobuf.Timestamp fields of
// md in the JSON document data and rewrites those written as a date
// (YYYY-MM-DD) to the RFC 3339 instant their day begins in loc, so that
// protojson accepts them. A value in such a field that is neither a date nor
// an RFC 3339 instant is reported as a *DecodeError naming its path, with a
// *DateError inside. Documents it cannot follow (not JSON, unknown fields)
// are returned unchanged for protojson to report. changed tells whether
// anything was rewritten.
func rewriteDates(document string, data []byte, md protoreflect.MessageDescriptor, loc *time.Location) (out []byte, changed bool, err error) {
	if !bytes.Contains(data, []byte(`"`)) {
		return data, false, nil
	}
	w := &dateWalker{dec: json.NewDecoder(bytes.NewReader(data)), data: data, loc: loc}
	w.dec.UseNumber()
	if err := w.message(md, ""); err != nil {
		if w.bad != nil {
			return nil, false, &DecodeError{Document: document, Format: JSON, Path: w.badPath, Err: w.bad}
		}
		return data, false, nil // a syntax error or a shape protojson will report
	}
	if len(w.edits) == 0 {
		return data, false, nil
	}
	out = make([]byte, 0, len(data)+len(w.edits)*15)
	last := 0
	for _, e := range w.edits {
		out = append(out, data[last:e.start]...)
		out = append(out, e.with...)
		last = e.end
	}
	return append(out, data[last:]...), true, nil
}

type dateWalker struct {
	dec     *json.Decoder
	data    []byte
	loc     *time.Location
	edits   []dateEdit
	bad     *DateError
	badPath string
}

// errStop ends the walk.
var errStop = fmt.Errorf("codec: stop")

// message consumes one JSON value that decodes as message md.
func (w *dateWalker) message(md protoreflect.MessageDescriptor, path string) error {
	if md.FullName() == timestampName {
		return w.timestamp(path)
	}
	switch md.FullName() {
	case "google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue", "google.protobuf.Any":
		return w.skip()
	}
	tok, err := w.dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		return errStop
	}
	fields := md.Fields()
	for w.dec.More() {
		tok, err := w.dec.Token()
		if err != nil {
			return err
		}
		name, ok := tok.(string)
		if !ok {
			return errStop
		}
		fd := fields.ByJSONName(name)
		if fd == nil {
			fd = fields.ByTextName(name)
		}
		if fd == nil {
			if err := w.skip(); err != nil {
				return err
			}
			continue
		}
		if err := w.field(fd, join(path, name)); err != nil {
			return err
		}
	}
	_, err = w.dec.Token() // '}'
	return err
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// field consumes the value of field fd.
func (w *dateWalker) field(fd protoreflect.FieldDescriptor, path string) error {
	switch {
	case fd.IsMap():
		vd := fd.MapValue()
		if vd.Message() == nil {
			return w.skip()
		}
		if tok, err := w.dec.Token(); err != nil {
			return err
		} else if tok == nil {
			return nil
		} else if tok != json.Delim('{') {
			return errStop
		}
		for w.dec.More() {
			key, err := w.dec.Token()
			if err != nil {
				return err
			}
			k, _ := key.(string)
			if err := w.message(vd.Message(), path+"["+strconv.Quote(k)+"]"); err != nil {
				return err
			}
		}
		_, err := w.dec.Token()
		return err
	case fd.IsList():
		if fd.Message() == nil {
			return w.skip()
		}
		tok, err := w.dec.Token()
		if err != nil {
			return err
		}
		if tok == nil {
			return nil
		}
		if tok != json.Delim('[') {
			return errStop
		}
		for i := 0; w.dec.More(); i++ {
			if err := w.message(fd.Message(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		_, err = w.dec.Token()
		return err
	case fd.Message() != nil:
		if w.peekNull() {
			_, err := w.dec.Token()
			return err
		}
		return w.message(fd.Message(), path)
	}
	return w.skip()
}

// peekNull reports whether the next value is null.
func (w *dateWalker) peekNull() bool {
	off := int(w.dec.InputOffset())
	rest := bytes.TrimLeft(w.data[min(off, len(w.data)):], " \t\r\n:,")
	return bytes.HasPrefix(rest, []byte("null"))
}

// timestamp consumes a Timestamp's value and records an edit for a date.
func (w *dateWalker) timestamp(path string) error {
	tok, err := w.dec.Token()
	if err != nil {
		return err
	}
	s, ok := tok.(string)
	if !ok {
		if d, ok := tok.(json.Delim); ok && (d == '{' || d == '[') {
			return errStop
		}
		return nil // null, or a number protojson refuses
	}
	end := int(w.dec.InputOffset())
	if isDateOnly(s) {
		t, err := ParseDate(s, w.loc)
		if err != nil {
			w.bad, w.badPath = err.(*DateError), path
			return errStop
		}
		start := end - len(s) - 2
		if start < 0 || !bytes.Equal(w.data[start:end], []byte(`"`+s+`"`)) {
			return nil // written with escapes: leave it to protojson
		}
		w.edits = append(w.edits, dateEdit{start: start, end: end, with: `"` + t.Format(time.RFC3339) + `"`})
		return nil
	}
	if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
		w.bad, w.badPath = &DateError{Value: s}, path
		return errStop
	}
	return nil
}

// skip consumes one JSON value.
func (w *dateWalker) skip() error {
	depth := 0
	for {
		tok, err := w.dec.Token()
		if err == io.EOF {
			return errStop
		}
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
			default:
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
	}
}
