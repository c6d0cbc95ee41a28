package server

import (
	"context"
	"errors"
	"fmt"

	"connectrpc.com/connect"

	"github.com/zerenlab/zeren/cel"
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

// denied reports an organisation outside the caller's subtree.
func denied(p Principal, orgID string) error {
	return connect.NewError(connect.CodePermissionDenied,
		fmt.Errorf("organisation %q is outside the subtree of %q granted to %s", orgID, p.Root, p.Subject))
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
	var verr *responsibility.ValidationError
	var derr *responsibility.DecodeError
	var cerr *cel.CompileError
	switch {
	case errors.As(err, &verr):
		e := connect.NewError(connect.CodeInvalidArgument, err)
		for _, p := range verr.Problems {
			if d, err := connect.NewErrorDetail(&zerenv1.ValidationProblem{
				Record: p.Record, Id: p.ID, Name: p.Name, Field: p.Field, Message: p.Message,
			}); err == nil {
				e.AddDetail(d)
			}
		}
		return e
	case errors.As(err, &derr), errors.As(err, &cerr):
		return connect.NewError(connect.CodeInvalidArgument, err)
	case errors.Is(err, responsibility.ErrNotFound), errors.Is(err, ErrNotFound):
		return connect.NewError(connect.CodeNotFound, err)
	case errors.Is(err, ErrConflict):
		return connect.NewError(connect.CodeAborted, err)
	case errors.Is(err, context.DeadlineExceeded):
		return connect.NewError(connect.CodeDeadlineExceeded, err)
	case errors.Is(err, context.Canceled):
		return connect.NewError(connect.CodeCanceled, err)
	}
	return connect.NewError(connect.CodeInternal, err)
}
