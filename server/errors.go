package server

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"connectrpc.com/connect"

	"github.com/zerenlab/zeren/accountability"
	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/checklist/supervision"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// invalid reports a bad request field.
func invalid(field string, err error) error {
	e := connect.NewError(connect.CodeInvalidArgument, fmt.Errorf("%s: %w", field, err))
	if d, derr := connect.NewErrorDetail(&zerenv1.ValidationProblem{Record: "request", Field: field, Message: err.Error()}); derr == nil {
		e.AddDetail(d)
	}
	return e
}

// maxDetails is the most ValidationProblem details an error carries; the
// message counts them all.
const maxDetails = 100

// withProblems returns a Connect error of the code with one
// ValidationProblem detail per problem.
func withProblems(code connect.Code, err error, problems []*zerenv1.ValidationProblem) error {
	e := connect.NewError(code, err)
	// Enough to act on, few enough for a gRPC trailer.
	for _, p := range problems[:min(len(problems), maxDetails)] {
		if d, derr := connect.NewErrorDetail(p); derr == nil {
			e.AddDetail(d)
		}
	}
	return e
}

// toConnect maps library and store errors to Connect codes, keeping the
// message and attaching the problems of a validation error as details.
func toConnect(err error) error {
	if err == nil {
		return nil
	}
	var ce *connect.Error
	if errors.As(err, &ce) {
		return err
	}
	var pverr *problem.ValidationError
	var derr *responsibility.DecodeError
	var cerr *cel.CompileError
	var sterr *supervision.TransitionError
	var scerr *supervision.CaseError
	var aterr *accountability.TransitionError
	switch {
	case errors.As(err, &pverr):
		// The library's one problem type: responsibility, checklist,
		// assessment, accountability, people, supervision, calendar,
		// unitfacts, … every structured field, both languages.
		return withProblems(connect.CodeInvalidArgument, err, wireProblems(pverr))
	case errors.As(err, &sterr), errors.As(err, &scerr), errors.As(err, &aterr):
		return connect.NewError(connect.CodeFailedPrecondition, err)
	case errors.As(err, &derr):
		return withProblems(connect.CodeInvalidArgument, err, []*zerenv1.ValidationProblem{wireProblem(derr.Problem())})
	case errors.As(err, &cerr):
		return connect.NewError(connect.CodeInvalidArgument, err)
	case errors.Is(err, responsibility.ErrNotFound), errors.Is(err, ErrNotFound):
		return connect.NewError(connect.CodeNotFound, err)
	case errors.Is(err, cel.ErrBudgetExhausted):
		return connect.NewError(connect.CodeResourceExhausted, err)
	case errors.Is(err, ErrConflict):
		return connect.NewError(connect.CodeAborted, err)
	case errors.Is(err, context.DeadlineExceeded):
		return connect.NewError(connect.CodeDeadlineExceeded, err)
	case errors.Is(err, context.Canceled):
		return connect.NewError(connect.CodeCanceled, err)
	}
	return connect.NewError(connect.CodeInternal, err)
}

// problemList collects the problems of a request, so that every one is
// reported at once.
type problemList []*zerenv1.ValidationProblem

// add records a problem of a request field.
func (ps *problemList) add(field, format string, args ...any) {
	*ps = append(*ps, &zerenv1.ValidationProblem{Record: "request", Field: field, Message: fmt.Sprintf(format, args...)})
}

// addErr records a problem found by invalid-style checks.
func (ps *problemList) addErr(err error) {
	var ce *connect.Error
	if errors.As(err, &ce) {
		for _, d := range ce.Details() {
			if v, derr := d.Value(); derr == nil {
				if p, ok := v.(*zerenv1.ValidationProblem); ok {
					*ps = append(*ps, p)
					continue
				}
			}
		}
		return
	}
	*ps = append(*ps, &zerenv1.ValidationProblem{Record: "request", Message: err.Error()})
}

// err returns INVALID_ARGUMENT listing every problem, or nil.
func (ps problemList) err() error {
	if len(ps) == 0 {
		return nil
	}
	lines := make([]string, 0, min(len(ps), 20))
	for i, p := range ps {
		if i == 20 {
			lines = append(lines, fmt.Sprintf("… and %d more", len(ps)-20))
			break
		}
		lines = append(lines, p.GetField()+": "+p.GetMessage())
	}
	return withProblems(connect.CodeInvalidArgument,
		fmt.Errorf("%d problem(s) in the request: %s", len(ps), strings.Join(lines, "; ")), ps)
}
