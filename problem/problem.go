// Package problem is the library's one validation problem. Every package
// that checks what an administrator or an OA supplies — the structure and
// framework (responsibility), the three lists (checklist), supervision
// policies, calendars, indicator systems and reviews (assessment), triggers
// (accountability), facts (unitfacts), review plans and eligibility rules
// (people) — reports every problem it finds at once as a [*ValidationError]
// listing [Problem] values of this one shape:
//
//   - Code classifies the problem with a stable name ("duplicate_id", …),
//     and is itself an error, so errors.Is(err, problem.DuplicateID) tells
//     whether any problem of an error has that code;
//   - Record, ID and Name name the record ("organization" "czj-b1"
//     第一支部), Path locates it in the document ("tasks[3]",
//     "indicators[0].children[1]"; indexes count from 0, as in the JSON),
//     and Field names the field at fault as spelt in the schema, dotted into
//     sub-messages ("measure.target");
//   - Line and Column (1-based, in characters) place a problem inside a
//     rule (a CEL formula or condition); 0 when the problem is not in one;
//   - MessageZh and Message say what is wrong in Chinese and in English;
//     Zh and En render the whole problem in one language.
//
// Records without an id are named by their position counted from 1: the ID
// is "#3", which En renders as `task "#3"` and Zh as 任务第3条.
// Error() is English, for logs and developers; an administrator reads Zh().
// The wire form is zeren.v1.ValidationProblem, which carries every field.
package problem

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Code classifies a problem. It is an error, so that a [*ValidationError]
// unwraps to the codes of its problems: errors.Is(err, problem.Cycle).
type Code string

// The codes. New ones may be added; their names never change.
const (
	// MissingField: a required field is empty.
	MissingField Code = "missing_field"
	// DuplicateID: two records of one kind share an id.
	DuplicateID Code = "duplicate_id"
	// DanglingReference: a reference names a record that does not exist.
	DanglingReference Code = "dangling_reference"
	// Cycle: records that are their own ancestors.
	Cycle Code = "cycle"
	// WrongLevel: a record placed on a level the framework does not allow.
	WrongLevel Code = "wrong_level"
	// Overlap: things that must not overlap do (appointments to a
	// single-holder post, two posts of a single-holder kind).
	Overlap Code = "overlap"
	// BadInterval: an interval that ends before (or when) it starts.
	BadInterval Code = "bad_interval"
	// FrameworkMismatch: a document names another framework.
	FrameworkMismatch Code = "framework_mismatch"
	// InvalidValue: an enum, number, date or id out of its range.
	InvalidValue Code = "invalid_value"
	// EmptyScope: a task's scope resolves to nobody who would carry it.
	EmptyScope Code = "empty_scope"
	// OutsideYear: a date outside the plan's year.
	OutsideYear Code = "outside_year"
	// Conflict: fields or records that do not fit together.
	Conflict Code = "conflict"
	// TooLarge: a value, list or document over a size limit.
	TooLarge Code = "too_large"
	// BadRule: a rule (a CEL formula or condition) that does not compile,
	// has the wrong result type or is too costly; Err holds the
	// *cel.CompileError with every issue, and Line and Column the first.
	BadRule Code = "bad_rule"
	// BadDocument: a document that cannot be decoded at all.
	BadDocument Code = "bad_document"
)

var codeZh = map[Code]string{
	MissingField:      "缺少必填项",
	DuplicateID:       "编号重复",
	DanglingReference: "引用的记录不存在",
	Cycle:             "循环引用",
	WrongLevel:        "层级不符",
	Overlap:           "时间或职责重叠",
	BadInterval:       "起止时间有误",
	FrameworkMismatch: "责任体系不一致",
	InvalidValue:      "取值无效",
	EmptyScope:        "范围为空",
	OutsideYear:       "超出年度",
	Conflict:          "相互矛盾",
	TooLarge:          "超过上限",
	BadRule:           "规则有误",
	BadDocument:       "文档无法解析",
}

// Error returns the code's name, so that a Code is a sentinel error.
func (c Code) Error() string { return string(c) }

// String returns the code's name, e.g. "duplicate_id".
func (c Code) String() string { return string(c) }

// Zh returns the code's Chinese name, e.g. "编号重复".
func (c Code) Zh() string {
	if s, ok := codeZh[c]; ok {
		return s
	}
	return string(c)
}

// Problem is one thing wrong with the input, in the administrator's terms.
type Problem struct {
	// Code classifies the problem.
	Code Code
	// Record is the kind of record, in English as the schema names it:
	// "organization", "post", "task", "indicator", "trigger", …
	Record string
	// ID is the record's id, or its position counted from 1 ("#3") when it
	// has none.
	ID string
	// Name is the record's human name, when it has one.
	Name string
	// Path locates the record in its document, e.g. "tasks[3]" or
	// "indicators[0].children[1]" (indexes from 0, as in the JSON); empty
	// when the record is the document.
	Path string
	// Field is the field at fault as spelt in the schema, dotted into
	// sub-messages (e.g. "measure.target").
	Field string
	// Line and Column locate a problem inside a rule, 1-based; 0 when the
	// problem is not inside a rule.
	Line, Column int
	// Message says what is wrong, in English.
	Message string
	// MessageZh says what is wrong, in Chinese.
	MessageZh string
	// Err is the cause, when there is one (a *cel.CompileError for a rule
	// that does not compile).
	Err error
}

// String renders the problem in English, e.g.
// `task "T23" (落实“第一议题”制度): measure.target: must be positive`.
func (p Problem) String() string { return p.En() }

// En renders the problem in English.
func (p Problem) En() string {
	return p.where(p.Record, " (%s)", ": line %d, column %d", ": ") + p.Message
}

// Zh renders the problem in Chinese, e.g.
// `任务“T23”（落实“第一议题”制度）：measure.target：应为正数`. A problem
// without a Chinese message shows the code's Chinese name and the English
// message.
func (p Problem) Zh() string {
	return p.where(RecordZh(p.Record), "（%s）", "：第%d行第%d列", "：") + p.MessageOrCodeZh()
}

// MessageOrCodeZh returns the Chinese message, or, for a problem without
// one, the code's Chinese name with the English message beside it.
func (p Problem) MessageOrCodeZh() string {
	if p.MessageZh != "" {
		return p.MessageZh
	}
	msg := p.Code.Zh()
	if p.Message != "" {
		msg += "（" + p.Message + "）"
	}
	return msg
}

func (p Problem) where(record, nameFmt, lineFmt, sep string) string {
	var b strings.Builder
	b.WriteString(record)
	switch {
	case p.ID != "":
		if sep == "：" {
			if n, ok := strings.CutPrefix(p.ID, "#"); ok && n != "" && strings.Trim(n, "0123456789") == "" {
				// A record named by its position reads 任务第3条, not 任务“#3”.
				fmt.Fprintf(&b, "第%s条", n)
			} else {
				fmt.Fprintf(&b, "“%s”", p.ID)
			}
		} else {
			fmt.Fprintf(&b, " %q", p.ID)
		}
	case p.Path != "":
		if sep != "：" {
			b.WriteString(" ")
		}
		b.WriteString(p.Path)
	}
	if p.Name != "" {
		fmt.Fprintf(&b, nameFmt, p.Name)
	}
	if p.Field != "" {
		b.WriteString(sep + p.Field)
	}
	if p.Line > 0 {
		fmt.Fprintf(&b, lineFmt, p.Line, p.Column)
	}
	b.WriteString(sep)
	return b.String()
}

// recordZh names the kinds of record in Chinese.
var recordZh = map[string]string{
	"framework": "责任体系", "level": "层级", "post kind": "岗位类型", "clause": "责任条目",
	"structure": "组织结构", "unit": "单位", "organization": "党组织", "post": "岗位", "person": "人员",
	"appointment": "任职", "duty area": "分管领域", "change": "变更",
	"plan": "计划", "problem": "问题", "task": "任务", "responsibility entry": "责任清单条目",
	"assignment": "分解任务", "progress record": "进度填报",
	"policy": "督办规则", "case": "督办单", "finding": "督查发现", "inspection": "督查",
	"calendar": "日历", "holiday": "节假日", "workday": "调休工作日",
	"system": "指标体系", "indicator": "指标", "bonus": "加分项", "deduction": "扣分项",
	"modifier": "扣分调整", "veto": "一票否决项", "grade scale": "等次", "grade": "等次档",
	"review": "述职评议", "rater group": "评议主体", "choice score": "评议档次分值", "ballot": "评议票",
	"trigger": "触发规则", "facts": "考核数据", "review plan": "述职评议方案", "review scheme": "述职评议方案",
	"eligibility rule": "资格规则", "talk": "谈话", "request": "请求",
	"commitment": "整改承诺",
}

// RecordZh returns the Chinese name of a kind of record ("organization" →
// "党组织"), or the kind itself when it has none.
func RecordZh(record string) string {
	if s, ok := recordZh[record]; ok {
		return s
	}
	return record
}

// ValidationError lists every problem found in an input, in input order.
type ValidationError struct {
	// Source names the package or document that was checked
	// ("responsibility", "checklist", "assessment", …).
	Source string
	// Problems, in input order.
	Problems []Problem
}

// New returns the error for problems found by a package, or nil when there
// are none.
func New(source string, problems []Problem) error {
	if len(problems) == 0 {
		return nil
	}
	return &ValidationError{Source: source, Problems: problems}
}

// Error lists the problems in English, one per line.
func (e *ValidationError) Error() string { return e.En() }

// En lists the problems in English, one per line.
func (e *ValidationError) En() string {
	var b strings.Builder
	src := e.Source
	if src == "" {
		src = "zeren"
	}
	fmt.Fprintf(&b, "%s: %d problem(s) in the input", src, len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  " + p.En())
	}
	return b.String()
}

// Zh lists the problems in Chinese, one per line.
func (e *ValidationError) Zh() string {
	var b strings.Builder
	fmt.Fprintf(&b, "输入中有 %d 处问题：", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  " + p.Zh())
	}
	return b.String()
}

// Is reports whether target is a *ValidationError, so that
// errors.Is(err, &ValidationError{}) works.
func (e *ValidationError) Is(target error) bool {
	_, ok := target.(*ValidationError)
	return ok
}

// Unwrap returns the distinct codes of the problems and their distinct
// causes, so that errors.Is(err, problem.Cycle) and errors.As(err,
// &compileErr) work.
func (e *ValidationError) Unwrap() []error {
	var errs []error
	seen := map[any]bool{}
	for _, p := range e.Problems {
		if p.Code != "" && !seen[p.Code] {
			seen[p.Code] = true
			errs = append(errs, p.Code)
		}
		if p.Err != nil && !seen[p.Err] {
			seen[p.Err] = true
			errs = append(errs, p.Err)
		}
	}
	return errs
}

// List collects problems.
type List []Problem

// Add appends a problem with a message in Chinese and in English.
func (l *List) Add(code Code, record, id, name, field, zh, en string) {
	*l = append(*l, Problem{Code: code, Record: record, ID: id, Name: name, Field: field, MessageZh: zh, Message: en})
}

// RecordID names a record by id, or by its position counted from 1 when the
// id is empty: RecordID("", 2) is "#3".
func RecordID(id string, i int) string {
	if id == "" {
		return fmt.Sprintf("#%d", i+1)
	}
	return id
}

// As returns the *ValidationError in err's chain, if any.
func As(err error) (*ValidationError, bool) {
	var ve *ValidationError
	ok := errors.As(err, &ve)
	return ve, ok
}

// Printable returns s for a Chinese message that quotes it with Chinese
// quotation marks (“%s”): s itself when every character is printable, and
// otherwise s with its control characters and invalid bytes escaped as Go
// would (`a\nb`), so that raw input — an id a check is rejecting, a
// reference to nothing — cannot break the line it is shown on or carry a
// terminal escape. English messages quote with %q, which escapes alike.
func Printable(s string) string {
	if utf8.ValidString(s) && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsGraphic(r) }) < 0 {
		return s
	}
	q := strconv.QuoteToGraphic(s)
	return q[1 : len(q)-1]
}
