package calendar

import (
	"strconv"

	"github.com/zerenlab/zeren/problem"
)

// Problem is one thing wrong with a calendar document: the library's one
// problem type ([problem.Problem]). Record is "holiday" or "workday" (a
// make-up working day, 调休上班), ID the date concerned as YYYY-MM-DD (or
// the entry's position counted from 1, "#3", when the date is missing or
// invalid), Path the entry, e.g. "holidays[3]"; the message is in Chinese
// and in English.
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
	*ps = append(*ps, Problem{Code: code, Record: record, Path: fieldName(list, i), ID: problem.RecordID(date, i),
		MessageZh: zh, Message: en})
}

func fieldName(name string, i int) string { return name + "[" + itoa(int64(i)) + "]" }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
