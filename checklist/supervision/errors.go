package supervision

import (
	"strconv"
	"strings"

	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Problem is one thing wrong with an input: the library's one problem type
// ([problem.Problem]), naming the record by kind ("policy", "plan", "unit",
// "finding", "assignment"), id (or its position counted from 1, "#3",
// when the id is empty), path and field, in Chinese and in English.
type Problem = problem.Problem

// ValidationError is returned by [Policy.Validate] and [PlanInspections]
// with every problem found, in input order. It is [problem.ValidationError]
// with Source "supervision": errors.Is(err, problem.InvalidValue) tells
// the kind of problem, Zh and En render it in either language.
type ValidationError = problem.ValidationError

// problems collects the problems of one input.
type problems problem.List

func (ps *problems) add(code problem.Code, record, path, id, field, zh, en string) {
	*ps = append(*ps, Problem{Code: code, Record: record, Path: path, ID: id, Field: field, MessageZh: zh, Message: en})
}

// err returns the *ValidationError for the problems, or nil.
func (ps problems) err() error { return problem.New("supervision", ps) }

// at locates the i-th record (from 0) of a list: at("units", 2) is
// "units[2]".
func at(list string, i int) string { return list + "[" + strconv.Itoa(i) + "]" }

// pos names a record without an id by its position counted from 1.
func pos(i int) string { return "#" + strconv.Itoa(i+1) }

// TransitionError is returned by [Transition] for a change of state the
// rectification state machine does not allow.
type TransitionError struct {
	// CaseID is the case's id.
	CaseID string
	// From is the case's state; To the state asked for.
	From, To zerenv1.CaseState
}

// Error names the case and both states in Chinese and English, e.g.
// `case "DB-A-1": cannot go from 已立案 (OPEN) to 已验收 (VERIFIED); from 已立案
// (OPEN) it may go to 整改中 (RECTIFYING)`.
func (e *TransitionError) Error() string { return e.En() }

// En is Error.
func (e *TransitionError) En() string {
	var b strings.Builder
	b.WriteString("case " + strconv.Quote(e.CaseID) + ": cannot go from " + StateName(e.From) + " to " + StateName(e.To))
	next := Next(e.From)
	switch {
	case e.From == zerenv1.CaseState_CASE_STATE_CLOSED:
		b.WriteString("; a closed-out case (已办结销号) never changes again")
	case len(next) == 0:
		b.WriteString("; the state is not one of the rectification states")
	default:
		b.WriteString("; from " + StateName(e.From) + " it may go to ")
		for i, s := range next {
			if i > 0 {
				b.WriteString(" or ")
			}
			b.WriteString(StateName(s))
		}
	}
	return b.String()
}

// Zh says the same in Chinese, e.g. `督办单“DB-A-1”不能从已立案转为已验收；
// 已立案之后只能转为整改中`.
func (e *TransitionError) Zh() string {
	var b strings.Builder
	b.WriteString("督办单“" + e.CaseID + "”不能从" + stateZh(e.From) + "转为" + stateZh(e.To))
	next := Next(e.From)
	switch {
	case e.From == zerenv1.CaseState_CASE_STATE_CLOSED:
		b.WriteString("；已办结销号的督办单不再变更")
	case len(next) == 0:
		b.WriteString("；该状态不属于整改流程的任何状态")
	default:
		b.WriteString("；" + stateZh(e.From) + "之后只能转为")
		for i, s := range next {
			if i > 0 {
				b.WriteString("或")
			}
			b.WriteString(stateZh(s))
		}
	}
	return b.String()
}

// stateZh returns a state's Chinese name alone, e.g. "已立案".
func stateZh(s zerenv1.CaseState) string {
	name := StateName(s)
	if i := strings.Index(name, " ("); i > 0 {
		return name[:i]
	}
	return name
}

// CaseError is returned by [OpenCase], [Transition] and [Extend] when the
// request does not fit the case: a missing field, an event dated before the
// case's last one, an extension of a closed case or to an earlier date.
type CaseError struct {
	// CaseID is the case's id ("" when the case is nil or has none).
	CaseID string
	// Op is what was asked: "open", "transition", "extend".
	Op string
	// Problems lists what is wrong, each in an administrator's terms, in
	// English.
	Problems []string
	// ProblemsZh lists the same problems in Chinese, in the same order.
	ProblemsZh []string
}

// Error renders `extend case "DB-A-1": …; …`.
func (e *CaseError) Error() string { return e.En() }

// En is Error.
func (e *CaseError) En() string {
	return e.Op + " case " + strconv.Quote(e.CaseID) + ": " + strings.Join(e.Problems, "; ")
}

// Zh renders `督办单“DB-A-1”无法延期：…；…`; a problem without a Chinese
// text shows the English one.
func (e *CaseError) Zh() string {
	op := map[string]string{"open": "立案", "transition": "流转", "extend": "延期"}[e.Op]
	if op == "" {
		op = e.Op
	}
	ps := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		if i < len(e.ProblemsZh) && e.ProblemsZh[i] != "" {
			p = e.ProblemsZh[i]
		}
		ps[i] = p
	}
	return "督办单“" + e.CaseID + "”无法" + op + "：" + strings.Join(ps, "；")
}

// caseProblems collects the problems of a case request in both languages.
type caseProblems struct{ zh, en []string }

func (c *caseProblems) add(zh, en string) {
	c.zh = append(c.zh, zh)
	c.en = append(c.en, en)
}

func (c *caseProblems) err(id, op string) error {
	if len(c.en) == 0 {
		return nil
	}
	return &CaseError{CaseID: id, Op: op, Problems: c.en, ProblemsZh: c.zh}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
