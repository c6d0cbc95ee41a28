// Package codec decodes zeren.v1 documents from JSON (protojson) or text
// format (textproto) with limits and errors that name the document and the
// position, for every loader of the library.
package codec

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/problem"
)

// Format is the encoding of a document.
type Format int

const (
	// Auto detects the format: a document whose first non-blank byte is '{'
	// is JSON, anything else is text format.
	Auto Format = iota
	// JSON is protojson: field names in lowerCamelCase or as in the .proto,
	// enums by name, timestamps in RFC 3339.
	JSON
	// Text is the protobuf text format (textproto).
	Text
)

// String returns "json", "textproto" or "auto".
func (f Format) String() string {
	switch f {
	case JSON:
		return "json"
	case Text:
		return "textproto"
	default:
		return "auto"
	}
}

// MaxDocumentSize is the largest document Unmarshal accepts (64 MiB): a
// province's structure is well under 32 MiB of JSON.
const MaxDocumentSize = 64 << 20

// ErrTooLarge is wrapped by a DecodeError for a document over MaxDocumentSize.
var ErrTooLarge = errors.New("document too large")

// DecodeError reports a document that could not be decoded. It reads in
// Chinese (Zh) and English (En, Error), unwraps to the decoder's error and
// to [problem.BadDocument] (or [problem.TooLarge] for a document over
// [MaxDocumentSize]), and converts to the library's one problem type with
// [DecodeError.Problem].
type DecodeError struct {
	// Document names what was being decoded, e.g. "framework".
	Document string
	// Format is the format tried.
	Format Format
	// Path is the field at fault in a JSON document, e.g.
	// "appointments[3].start", when the decoder gave a position.
	Path string
	// Line and Column locate the fault in the document, 1-based (Column in
	// characters), when the decoder gave a position; 0 otherwise.
	Line, Column int
	// Err is the decoder's error; it carries the position in the input.
	Err error
}

func (e *DecodeError) Error() string { return e.En() }

// En is the message in English, e.g. `decode structure (json): at
// appointments[3].start: …`.
func (e *DecodeError) En() string {
	if e.Path != "" {
		return fmt.Sprintf("decode %s (%s): at %s: %v", e.Document, e.Format, e.Path, e.Err)
	}
	return fmt.Sprintf("decode %s (%s): %v", e.Document, e.Format, e.Err)
}

// Zh is the message in Chinese, e.g. `无法解析组织结构（json），位置
// appointments[3].start，第5行第12列：…`. The decoder's own words are
// English; they follow in parentheses.
func (e *DecodeError) Zh() string {
	var b strings.Builder
	doc := documentZh[e.Document]
	if doc == "" {
		doc = e.Document
	}
	fmt.Fprintf(&b, "无法解析%s（%s）", doc, e.Format)
	if e.Path != "" {
		b.WriteString("，位置 " + e.Path)
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "，第%d行第%d列", e.Line, e.Column)
	}
	b.WriteString("：" + e.causeZh())
	return b.String()
}

// documentZh names the library's documents in Chinese.
var documentZh = map[string]string{
	"structure": "组织结构", "framework": "责任体系", "plan": "年度清单", "indicator system": "指标体系",
	"review scheme": "述职评议方案", "reviews": "述职评议", "facts": "单位数据", "triggers": "问责情形",
	"calendar": "工作日历",
}

// causeZh says what is wrong in Chinese.
func (e *DecodeError) causeZh() string {
	var de *DateError
	switch {
	case errors.As(e.Err, &de):
		return de.Zh()
	case errors.Is(e.Err, ErrTooLarge):
		return fmt.Sprintf("文档过大，上限为 %d 字节", MaxDocumentSize)
	case e.Err == nil:
		return "格式错误"
	}
	return "格式错误（" + e.Err.Error() + "）"
}

// code is the problem code of the error.
func (e *DecodeError) code() problem.Code {
	if errors.Is(e.Err, ErrTooLarge) {
		return problem.TooLarge
	}
	return problem.BadDocument
}

// Unwrap returns the decoder's error and the problem code, so that
// errors.Is(err, problem.BadDocument) holds.
func (e *DecodeError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.code()}
	}
	return []error{e.Err, e.code()}
}

// Problem returns the error as the library's one problem type: Record is
// the document, Path the field at fault, Line and Column the position.
func (e *DecodeError) Problem() problem.Problem {
	en := "cannot be decoded"
	if e.Err != nil {
		en = e.Err.Error()
	}
	var de *DateError
	if errors.As(e.Err, &de) {
		en = de.En()
	}
	return problem.Problem{Code: e.code(), Record: e.Document, Path: e.Path, Line: e.Line, Column: e.Column,
		MessageZh: e.causeZh(), Message: en, Err: e.Err}
}

// Detect returns JSON or Text for data.
func Detect(data []byte) Format {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	trimmed = bytes.TrimPrefix(trimmed, []byte("\xef\xbb\xbf"))
	if len(trimmed) > 0 && trimmed[0] == '{' {
		return JSON
	}
	return Text
}

// Unmarshal decodes data in format f into m, which it resets first. Unknown
// fields are errors: a misspelt field name must not silently drop data.
//
// In JSON, a google.protobuf.Timestamp may be written as a date,
// "2026-01-31", meaning the instant that day begins in China Standard Time
// (UTC+8, [DefaultLocation]); [UnmarshalIn] takes another zone. A value that
// is neither a date nor an RFC 3339 instant is a *DecodeError naming the
// field, with a [*DateError] inside that hints at both forms.
func Unmarshal(document string, data []byte, f Format, m proto.Message) error {
	return UnmarshalIn(document, data, f, m, nil)
}

// UnmarshalIn is [Unmarshal] reading dates in loc (nil: [DefaultLocation]).
func UnmarshalIn(document string, data []byte, f Format, m proto.Message, loc *time.Location) error {
	if f == Auto {
		f = Detect(data)
	}
	if len(data) > MaxDocumentSize {
		return &DecodeError{Document: document, Format: f,
			Err: fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(data), MaxDocumentSize)}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var err error
	switch f {
	case JSON:
		err = protojson.UnmarshalOptions{}.Unmarshal(data, m)
		if err != nil {
			// Only a document protojson refuses pays for the date pass: a
			// date written YYYY-MM-DD is rewritten as its instant and the
			// document decoded again; a value in a Timestamp field that is
			// neither form is reported with a hint.
			dated, changed, derr := rewriteDates(document, data, m.ProtoReflect().Descriptor(), loc)
			if derr != nil {
				proto.Reset(m)
				return derr
			}
			if changed {
				data = dated
				err = protojson.UnmarshalOptions{}.Unmarshal(data, m)
			}
		}
	case Text:
		err = prototext.UnmarshalOptions{}.Unmarshal(data, m)
	default:
		err = fmt.Errorf("unknown format %d", int(f))
	}
	if err != nil {
		derr := &DecodeError{Document: document, Format: f, Err: err}
		derr.Line, derr.Column = errorPosition(err)
		if f == JSON {
			derr.Path = jsonErrorPath(data, err)
		}
		return derr
	}
	return nil
}

// MarshalJSON encodes m as indented protojson with field names as in the
// .proto file, the form the library's embedded documents use.
func MarshalJSON(m proto.Message) ([]byte, error) {
	return protojson.MarshalOptions{Multiline: true, Indent: "  ", UseProtoNames: true}.Marshal(m)
}

// WrapArray lets a document whose message is a set with one repeated field
// be written as a bare JSON array: when data's first non-blank byte is '[',
// it returns `{"<field>":` + data + `}`, so that the array decodes as the
// set's field and error paths read "<field>[3]…"; otherwise it returns data
// unchanged. Positions in a wrapped document's errors shift only on line 1.
func WrapArray(data []byte, field string) []byte {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '[' {
		return data
	}
	out := make([]byte, 0, len(trimmed)+len(field)+5)
	out = append(out, `{"`...)
	out = append(out, field...)
	out = append(out, `":`...)
	out = append(out, trimmed...)
	return append(out, '}')
}
