package server

import (
	"context"
	"errors"

	"connectrpc.com/connect"

	"github.com/zerenlab/zeren/cel"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
)

type assessmentService struct {
	// Methods not implemented yet answer Unimplemented.
	zerenv1connect.UnimplementedAssessmentServiceHandler
	s *Server
}

func ruleKind(k zerenv1.RuleKind) (cel.Kind, bool) {
	switch k {
	case zerenv1.RuleKind_RULE_KIND_RATIO:
		return cel.KindRatio, true
	case zerenv1.RuleKind_RULE_KIND_NUMBER:
		return cel.KindNumber, true
	case zerenv1.RuleKind_RULE_KIND_CONDITION:
		return cel.KindBool, true
	}
	return 0, false
}

// CheckRule compiles a rule as it would be saved and returns its problems
// with positions, in English and Chinese. A rule with problems is not an
// error of the call: the response lists them.
func (a assessmentService) CheckRule(ctx context.Context, req *connect.Request[zerenv1.CheckRuleRequest]) (*connect.Response[zerenv1.CheckRuleResponse], error) {
	kind, ok := ruleKind(req.Msg.GetKind())
	if !ok {
		return nil, invalid("kind", errors.New("must be RULE_KIND_RATIO, RULE_KIND_NUMBER or RULE_KIND_CONDITION"))
	}
	env, err := a.s.env()
	if err != nil {
		return nil, toConnect(err)
	}
	resp := &zerenv1.CheckRuleResponse{}
	if _, err := env.Compile(req.Msg.GetSource(), kind); err != nil {
		var cerr *cel.CompileError
		if !errors.As(err, &cerr) {
			return nil, toConnect(err)
		}
		for _, is := range cerr.Issues {
			resp.Issues = append(resp.Issues, &zerenv1.RuleIssue{
				Line: int32(is.Line), Column: int32(is.Column), Message: is.Message, MessageZh: is.MessageZh,
			})
		}
	}
	return connect.NewResponse(resp), nil
}
