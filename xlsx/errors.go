package xlsx

import (
	"fmt"
	"strings"

	"github.com/zerenlab/zeren/problem"
)

// Code classifies a [Problem] found in a workbook.
type Code string

// The codes of the problems an import reports.
const (
	// CodeTooLarge: the file, its uncompressed content (a zip bomb) or a
	// sheet exceeds the [Limits].
	CodeTooLarge Code = "too_large"
	// CodeFormat: the file is not an .xlsx workbook, or a sheet or header the
	// import needs is missing.
	CodeFormat Code = "format"
	// CodeFormula: a formula where a value is expected.
	CodeFormula Code = "formula"
	// CodeMerged: merged cells, whose value would belong to one cell only.
	CodeMerged Code = "merged"
	// CodeValue: a cell whose value is not of the column's kind (a date, a
	// number, a label of the drop-down).
	CodeValue Code = "value"
	// CodeMissing: a required cell is empty.
	CodeMissing Code = "missing"
	// CodeDuplicate: an id used twice in one sheet.
	CodeDuplicate Code = "duplicate"
	// CodeReference: a reference to a record that is not in the workbook (or
	// not in the hierarchy or review scheme it is checked against).
	CodeReference Code = "reference"
	// CodeInvalid: the record is read but the library's validation rejects
	// it (checklist.Validate, for a plan checked against a hierarchy).
	CodeInvalid Code = "invalid"
)

// Problem is one thing wrong with a workbook, located by sheet and cell.
type Problem struct {
	// Sheet is the sheet's name (e.g. 任务清单); empty for the whole file.
	Sheet string
	// Cell is the cell or range (e.g. D14, A3:B4); empty for the whole
	// sheet.
	Cell string
	// Column is the column's Chinese header, when the problem is in a column.
	Column string
	// Code classifies the problem.
	Code Code
	// Zh is the message in Chinese; En the same in English.
	Zh, En string
	// Cause is the library's own problem behind a [CodeInvalid] problem (what
	// checklist.Validate found, with its code, record, id, name and field);
	// nil for every other code.
	Cause *problem.Problem
}

// problemCodes maps the workbook's codes to the library's closest codes.
var problemCodes = map[Code]problem.Code{
	CodeTooLarge:  problem.TooLarge,
	CodeFormat:    problem.BadDocument,
	CodeFormula:   problem.InvalidValue,
	CodeMerged:    problem.InvalidValue,
	CodeValue:     problem.InvalidValue,
	CodeMissing:   problem.MissingField,
	CodeDuplicate: problem.DuplicateID,
	CodeReference: problem.DanglingReference,
	CodeInvalid:   problem.InvalidValue,
}

// Problem returns the problem in the library's one shape, the one every core
// package reports and the API sends as zeren.v1.ValidationProblem: Path is
// the [Problem.Location] (`任务清单!D14`, or the sheet alone), Field the
// column's header, MessageZh and Message the two texts, and Code the
// library's closest code (too_large, bad_document for [CodeFormat],
// invalid_value for formulas, merged cells and values, missing_field,
// duplicate_id, dangling_reference). A [CodeInvalid] problem is its
// [Problem.Cause] — the library's code, record, id, name, field and
// messages — located at its cell.
func (p Problem) Problem() problem.Problem {
	if p.Cause != nil {
		out := *p.Cause
		out.Path = p.Location()
		return out
	}
	code, ok := problemCodes[p.Code]
	if !ok {
		code = problem.InvalidValue
	}
	return problem.Problem{Code: code, Path: p.Location(), Field: p.Column, MessageZh: p.Zh, Message: p.En}
}

// Location is `任务清单!D14`, `任务清单` or empty.
func (p Problem) Location() string {
	switch {
	case p.Sheet != "" && p.Cell != "":
		return p.Sheet + "!" + p.Cell
	default:
		return p.Sheet
	}
}

func (p Problem) render(msg string) string {
	var b strings.Builder
	if loc := p.Location(); loc != "" {
		b.WriteString(loc)
		if p.Column != "" {
			fmt.Fprintf(&b, "（%s）", p.Column)
		}
		b.WriteString(": ")
	}
	b.WriteString(msg)
	return b.String()
}

// String renders the problem in English: `任务清单!D14（截止日期）: not a date: "明年"`.
func (p Problem) String() string { return p.render(p.En) }

// ZhString renders the problem in Chinese: `任务清单!D14（截止日期）: 不是日期：“明年”`.
func (p Problem) ZhString() string { return p.render(p.Zh) }

// ImportError lists every problem found in a workbook, sheet by sheet and
// row by row. An import that returns it has imported nothing. Recover it with
// errors.As; it unwraps to a *problem.ValidationError (Source "xlsx") of the
// problems in the library's shape ([Problem.Problem]), so problem.As(err)
// and errors.Is(err, problem.MissingField) work on it as on any validation
// error.
type ImportError struct {
	// Problems, in workbook order.
	Problems []Problem
}

// Error lists the problems in English, one per line.
func (e *ImportError) Error() string { return e.list(false) }

// Zh lists the problems in Chinese, one per line: what an administrator sees.
func (e *ImportError) Zh() string { return e.list(true) }

// Unwrap returns the problems as a *problem.ValidationError with Source
// "xlsx", one [problem.Problem] per workbook problem, in workbook order.
func (e *ImportError) Unwrap() error {
	out := make([]problem.Problem, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p.Problem()
	}
	return &problem.ValidationError{Source: "xlsx", Problems: out}
}

func (e *ImportError) list(zh bool) string {
	var b strings.Builder
	if zh {
		fmt.Fprintf(&b, "工作簿有 %d 处问题，未导入任何数据", len(e.Problems))
	} else {
		fmt.Fprintf(&b, "xlsx: %d problem(s) in the workbook, nothing imported", len(e.Problems))
	}
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		if zh {
			b.WriteString(p.ZhString())
		} else {
			b.WriteString(p.String())
		}
	}
	return b.String()
}

// problems collects Problems.
type problems []Problem

func (ps *problems) add(sheet, cell, column string, code Code, zh, en string) {
	*ps = append(*ps, Problem{Sheet: sheet, Cell: cell, Column: column, Code: code, Zh: zh, En: en})
}

func (ps problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return &ImportError{Problems: ps}
}

// recoverFormat turns a panic inside the workbook reader (a malformed part
// that excelize does not expect) into a format problem.
func recoverFormat(err *error) {
	if r := recover(); r != nil {
		var ps problems
		ps.add("", "", "", CodeFormat, fmt.Sprintf("无法读取工作簿（%v）", r), fmt.Sprintf("cannot read the workbook (%v)", r))
		*err = ps.err()
	}
}
