package server

import (
	"context"
	"errors"
	"strings"

	"connectrpc.com/connect"

	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// WireProblem is the wire form of a library problem,
// zeren.v1.ValidationProblem: every structured field, both languages, and
// `message` in Chinese, or in English when english is set and the problem
// has an English message. zerend answers a workbook's problems with it.
func WireProblem(p problem.Problem, english bool) *zerenv1.ValidationProblem {
	zh := p.MessageOrCodeZh()
	msg := zh
	if english && p.Message != "" {
		msg = p.Message
	}
	return &zerenv1.ValidationProblem{
		Record: p.Record, Id: p.ID, Name: p.Name, Field: p.Field, Path: p.Path,
		Code: string(p.Code), Line: int32(p.Line), Column: int32(p.Column),
		Message: msg, MessageZh: zh, MessageEn: p.Message,
	}
}

// wireProblem is the wire form with `message` in Chinese (the language
// interceptor switches it to English when the caller asks).
func wireProblem(p problem.Problem) *zerenv1.ValidationProblem { return WireProblem(p, false) }

// wireProblems converts a library validation error.
func wireProblems(ve *problem.ValidationError) []*zerenv1.ValidationProblem {
	out := make([]*zerenv1.ValidationProblem, len(ve.Problems))
	for i, p := range ve.Problems {
		out[i] = wireProblem(p)
	}
	return out
}

// PrefersEnglish reports whether an Accept-Language header puts English
// before Chinese; Chinese is the default.
func PrefersEnglish(acceptLanguage string) bool {
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "en"):
			return true
		case strings.HasPrefix(tag, "zh"):
			return false
		}
	}
	return false
}

// languageInterceptor answers errors in the caller's language
// (Accept-Language; Chinese unless English comes first): a library
// validation error's message lists its problems in that language, and every
// ValidationProblem detail's `message` is its message_zh or message_en.
func languageInterceptor() connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			res, err := next(ctx, req)
			if err == nil {
				return res, nil
			}
			return res, localise(err, PrefersEnglish(req.Header().Get("Accept-Language")))
		}
	}
}

// localise rewrites a Connect error's message and details in one language.
func localise(err error, en bool) error {
	var ce *connect.Error
	if !errors.As(err, &ce) {
		return err
	}
	msg := ce.Message()
	var bi bilingual
	if ve, ok := problem.As(ce.Unwrap()); ok {
		bi = ve
	} else if !errors.As(ce.Unwrap(), &bi) {
		bi = nil
	}
	if bi != nil {
		if en {
			msg = bi.En()
		} else {
			msg = bi.Zh()
		}
	}
	out := connect.NewError(ce.Code(), &localised{msg: msg, cause: ce.Unwrap()})
	for k, vs := range ce.Meta() {
		for _, v := range vs {
			out.Meta().Add(k, v)
		}
	}
	for _, d := range ce.Details() {
		v, derr := d.Value()
		p, ok := v.(*zerenv1.ValidationProblem)
		if derr != nil || !ok {
			out.AddDetail(d)
			continue
		}
		switch {
		case en && p.GetMessageEn() != "":
			p.Message = p.GetMessageEn()
		case !en && p.GetMessageZh() != "":
			p.Message = p.GetMessageZh()
		}
		if nd, nerr := connect.NewErrorDetail(p); nerr == nil {
			out.AddDetail(nd)
		}
	}
	return out
}

// bilingual is an error that reads in both languages: a library
// validation error, a decode error, a supervision case's TransitionError or
// CaseError, ….
type bilingual interface {
	error
	Zh() string
	En() string
}

// localised is an error message in one language that still unwraps to its
// cause, so that errors.Is and errors.As see through it.
type localised struct {
	msg   string
	cause error
}

func (l *localised) Error() string { return l.msg }
func (l *localised) Unwrap() error { return l.cause }
