package people

import (
	"errors"

	"github.com/zerenlab/zeren/problem"
)

// ErrNotFound is wrapped by errors about a person, post or record the
// hierarchy or the inputs do not hold.
var ErrNotFound = errors.New("not found")

// Problem is one thing wrong with a review plan, a review, an eligibility
// rule or a talk, in the library's one shape ([problem.Problem]). Record
// is the kind of record: "review plan", "review scheme", "review",
// "ballot", "eligibility rule", "talk" or "commitment"; Path locates it in
// its input ("reviews[3]"). A condition that does not compile is one
// problem per issue, of code [problem.BadRule], at the line and
// column, with Err the [*cel.CompileError].
type Problem = problem.Problem

// ValidationError reports every problem found at once; its Source is
// "people".
type ValidationError = problem.ValidationError

// errOf returns the error for ps, or nil; a problem without a code is an
// invalid value.
func errOf(ps []Problem) error {
	for i := range ps {
		if ps[i].Code == "" {
			ps[i].Code = problem.InvalidValue
		}
	}
	return problem.New("people", ps)
}
