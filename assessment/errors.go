package assessment

import "github.com/zerenlab/zeren/problem"

// Problem is one thing wrong with an indicator system (or with the units
// and reviews given to [Engine.Run]), in the library's one shape
// ([problem.Problem]). Record is the kind of record: "system",
// "indicator", "bonus", "deduction", "modifier", "veto", "grade scale",
// "grade", "review", "rater group", "choice score", "unit" or "ballot";
// Path locates it in the system ("indicators[0].children[1]"). A formula
// that does not compile is one problem per issue, of code
// [problem.BadRule], at the line and column, with Err the
// [*cel.CompileError].
type Problem = problem.Problem

// ValidationError reports every problem found in an indicator system by
// [New], or in the units and reviews given to [Engine.Run]; its Source is
// "assessment".
type ValidationError = problem.ValidationError

// problems collects problems while validating.
type problems struct {
	list []Problem
}

// add records a problem; one without a code is an invalid value.
func (ps *problems) add(p Problem) {
	if p.Code == "" {
		p.Code = problem.InvalidValue
	}
	ps.list = append(ps.list, p)
}

func (ps *problems) err() error { return problem.New("assessment", ps.list) }
