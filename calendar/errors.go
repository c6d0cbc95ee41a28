package calendar

import (
	"strconv"

	"github.com/zerenlab/zeren/problem"
)

// Problem is one thing wrong with a calendar document: the library's one
// problem type ([problem.Problem]). Record is "holiday" or "workday" (a
// make-up working day, 调休上班), Path the entry, e.g. "holidays[3]"
// (indexes from 0, as in the JSON), and Name the date concerned as
// YYYY-MM-DD when it is known; entries have no id, so ID is empty and the
// problem renders as `holiday holidays[3] (2026-10-01): listed twice (also
// holidays[0])`. The message is in Chinese and in English.
type Problem = problem.Problem

// ValidationError is returned by [New] with every problem found in a
// calendar document, in input order (holidays first, then workdays). It is
// [problem.ValidationError]; its Source names the calendar by id (or name),
// e.g. `calendar "cn-2026"`.
type ValidationError = problem.ValidationError

// problems collects the problems of one calendar document.
type problems problem.List

// add records a problem of the i-th entry of list ("holidays" or
// "workdays"); date is "" when the entry has no valid date.
func (ps *problems) add(code problem.Code, list string, i int, date, zh, en string) {
	record := "holiday"
	if list == "workdays" {
		record = "workday"
	}
	*ps = append(*ps, Problem{Code: code, Record: record, Path: fieldName(list, i), Name: date,
		MessageZh: zh, Message: en})
}

func fieldName(name string, i int) string { return name + "[" + itoa(int64(i)) + "]" }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
