package accountability

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// Problem is one thing wrong with a trigger, in the library's one shape
// ([problem.Problem]): Record "trigger", ID the trigger's id (or "#n",
// counted from 1, when it has none), Name, Field ("condition",
// "measure", …). A condition that does not compile is one problem per
// issue, of code [problem.BadRule], at the issue's line and column, with
// Err the [*cel.CompileError].
type Problem = problem.Problem

// ValidationError lists every problem of the triggers given to [New]; its
// Source is "accountability".
type ValidationError = problem.ValidationError

// Diagnostic is a trigger that failed to evaluate for one unit; the run goes
// on for the others and the other triggers.
type Diagnostic struct {
	TriggerID string
	UnitID    string
	Err       error
}

type trigger struct {
	pb    *zerenv1.Trigger
	prg   *cel.Program
	kinds []zerenv1.LiabilityKind
	resp  []zerenv1.ResponsibilityKind
	scope zerenv1.TriggerScope
}

// Proposer evaluates accountability triggers. It is immutable and safe for
// concurrent use.
type Proposer struct {
	h        *responsibility.Hierarchy
	triggers []trigger
}

// Option configures [New].
type Option interface{ apply(*config) }

type config struct{ plan *zerenv1.Plan }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithPlan gives [New] the plan (三个清单) the triggers' assessment scores,
// so that it checks what their conditions name of it: every constant a
// condition compares an assignment's task_id, task_kind or tags with
// (`assignments.exists(a, a.task_id == "T19" && a.actual < a.target)`)
// must be a task, task kind or tag of the plan. One that is not is a
// [Problem] at the constant's line and column: such a trigger would read
// no assignment and never fire (or always fire, for `all`). The names are
// found in the type-checked condition, not in its text, as
// assessment.WithPlan does for formulas. The default is no plan, and no
// such check.
func WithPlan(plan *zerenv1.Plan) Option {
	return optionFunc(func(c *config) { c.plan = plan })
}

// New compiles and checks every trigger against the rule environment and
// the hierarchy whose liability addresses people. It returns a
// *ValidationError listing all problems: empty or duplicate ids, a condition
// that does not compile or is not boolean (with line and column), a measure
// that does not fit the target (改组 of a person, 诫勉 of an organisation),
// an OTHER measure without a code, an unknown liability grade and, given
// [WithPlan], a task, task kind or tag the plan does not have.
func New(env *cel.Env, h *responsibility.Hierarchy, triggers []*zerenv1.Trigger, opts ...Option) (*Proposer, error) {
	if env == nil || h == nil {
		return nil, errors.New("accountability: New needs a rule environment and a hierarchy")
	}
	var cfg config
	for _, o := range opts {
		if o != nil {
			o.apply(&cfg)
		}
	}
	known := cel.NewPlanNames(cfg.plan)
	p := &Proposer{h: h}
	var probs []Problem
	add := func(t *zerenv1.Trigger, id, field, msg, zh string) {
		probs = append(probs, Problem{Code: problem.InvalidValue, Record: "trigger", ID: id, Name: t.GetName(), Field: field, Message: msg, MessageZh: zh})
	}
	// code sets the code of the problem just added.
	code := func(c problem.Code) { probs[len(probs)-1].Code = c }
	seen := map[string]bool{}
	for i, t := range triggers {
		id := t.GetId()
		if id == "" {
			id = fmt.Sprintf("#%d", i+1)
			add(t, id, "id", "id is empty", "编号为空")
			code(problem.MissingField)
		} else if seen[id] {
			add(t, id, "id", "id is used twice", "编号重复")
			code(problem.DuplicateID)
		}
		seen[id] = true
		if t.GetMeasure() == zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_UNSPECIFIED {
			add(t, id, "measure", "no measure is set", "未设置问责方式")
			code(problem.MissingField)
		} else if _, ok := zerenv1.AccountabilityMeasure_name[int32(t.GetMeasure())]; !ok {
			add(t, id, "measure", fmt.Sprintf("unknown measure %d", t.GetMeasure()), "问责方式无效")
		} else if t.GetTarget() == zerenv1.ProposalTarget_PROPOSAL_TARGET_UNSPECIFIED {
			add(t, id, "target", "no target is set (organisation or person)", "未设置问责对象（党组织或个人）")
			code(problem.MissingField)
		} else if !fits(t.GetMeasure(), t.GetTarget()) {
			add(t, id, "measure", fmt.Sprintf("%s does not apply to %s", t.GetMeasure(), t.GetTarget()),
				fmt.Sprintf("“%s”不适用于%s", MeasureName(t.GetMeasure(), ""), targetName(t.GetTarget())))
			code(problem.Conflict)
		}
		if t.GetMeasure() == zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_OTHER && strings.TrimSpace(t.GetCustomMeasure()) == "" {
			add(t, id, "custom_measure", "an OTHER measure needs a custom code", "“其他”问责方式须填写自定义代码")
			code(problem.MissingField)
		}
		kinds := t.GetLiabilityKinds()
		if len(kinds) == 0 {
			kinds = []zerenv1.LiabilityKind{zerenv1.LiabilityKind_LIABILITY_KIND_PRINCIPAL}
		}
		for _, k := range kinds {
			if responsibility.LiabilityName(k) == "" {
				add(t, id, "liability_kinds", fmt.Sprintf("unknown liability grade %d", k), "责任类型无效")
			}
		}
		person := t.GetTarget() == zerenv1.ProposalTarget_PROPOSAL_TARGET_PERSON
		for _, k := range t.GetResponsibilityKinds() {
			if _, ok := zerenv1.ResponsibilityKind_name[int32(k)]; !ok || k == zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_UNSPECIFIED {
				add(t, id, "responsibility_kinds", fmt.Sprintf("unknown responsibility kind %d", k), "责任类别无效")
			}
		}
		if len(t.GetResponsibilityKinds()) > 0 && !person {
			add(t, id, "responsibility_kinds", "responsibility kinds select people; the target is not a person",
				"按责任类别选人只适用于对个人的问责")
			code(problem.Conflict)
		}
		if a := t.GetDutyAreaId(); a != "" {
			if _, ok := h.DutyArea(a); !ok {
				add(t, id, "duty_area_id", fmt.Sprintf("duty area %q does not exist", a), fmt.Sprintf("分管领域“%s”不存在", a))
				code(problem.DanglingReference)
			} else if !person {
				add(t, id, "duty_area_id", "a duty area selects people; the target is not a person", "分管领域只适用于对个人的问责")
				code(problem.Conflict)
			}
		}
		scope := t.GetScope()
		if scope == zerenv1.TriggerScope_TRIGGER_SCOPE_UNSPECIFIED {
			scope = zerenv1.TriggerScope_TRIGGER_SCOPE_PERIOD
		} else if _, ok := zerenv1.TriggerScope_name[int32(scope)]; !ok {
			add(t, id, "scope", fmt.Sprintf("unknown scope %d", scope), "触发范围无效")
		}
		if mb, _ := Basis(t.GetMeasure()); mb == zerenv1.MeasureBasis_MEASURE_BASIS_FIRST_FORM && citesArticle8(t.GetBasis()) {
			add(t, id, "basis", fmt.Sprintf("%s is not a 问责方式 of 问责条例第八条; it is the first of the 四种形态", MeasureName(t.GetMeasure(), "")),
				fmt.Sprintf("“%s”不是《中国共产党问责条例》第八条规定的问责方式，属于监督执纪“四种形态”的第一种，依据引用有误", MeasureName(t.GetMeasure(), "")))
			code(problem.Conflict)
		}
		prg, err := env.Compile(t.GetCondition(), cel.KindBool, cel.WithRuleID(id))
		if err != nil {
			var cerr *cel.CompileError
			if errors.As(err, &cerr) {
				for _, is := range cerr.Issues {
					add(t, id, "condition", is.Message, is.MessageZh)
					q := &probs[len(probs)-1]
					q.Code, q.Line, q.Column, q.Err = problem.BadRule, is.Line, is.Column, cerr
				}
			} else {
				add(t, id, "condition", err.Error(), "条件无法编译："+err.Error())
				q := &probs[len(probs)-1]
				q.Code, q.Err = problem.BadRule, err
			}
		} else if known != nil {
			probs = append(probs, unknownPlanNames(known, t, id, prg)...)
		}
		p.triggers = append(p.triggers, trigger{pb: proto.CloneOf(t), prg: prg, kinds: kinds, resp: t.GetResponsibilityKinds(), scope: scope})
	}
	if len(probs) > 0 {
		return nil, problem.New("accountability", probs)
	}
	return p, nil
}

func targetName(t zerenv1.ProposalTarget) string {
	if t == zerenv1.ProposalTarget_PROPOSAL_TARGET_ORGANIZATION {
		return "党组织"
	}
	return "个人"
}

// TransitionError reports a decision a proposal cannot take.
type TransitionError struct {
	ProposalID string
	From, To   zerenv1.ProposalStatus
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("proposal %q: cannot go from %s (%s) to %s (%s); only a proposal awaiting a decision can be decided",
		e.ProposalID, StatusName(e.From), e.From, StatusName(e.To), e.To)
}

// StatusName is a proposal status in Chinese: 拟提出, 已采纳, 不予采纳,
// 已撤回.
func StatusName(s zerenv1.ProposalStatus) string {
	switch s {
	case zerenv1.ProposalStatus_PROPOSAL_STATUS_PROPOSED:
		return "拟提出"
	case zerenv1.ProposalStatus_PROPOSAL_STATUS_CONFIRMED:
		return "已采纳"
	case zerenv1.ProposalStatus_PROPOSAL_STATUS_REJECTED:
		return "不予采纳"
	case zerenv1.ProposalStatus_PROPOSAL_STATUS_WITHDRAWN:
		return "已撤回"
	}
	return "未知"
}

// Decide records a person's decision on a proposal: CONFIRMED (采纳),
// REJECTED (不予采纳) or WITHDRAWN (撤回), only from PROPOSED. It returns a
// new proposal and leaves the given one unchanged; an illegal decision is a
// *TransitionError naming the proposal and both statuses.
func Decide(p *zerenv1.Proposal, to zerenv1.ProposalStatus, by string, at time.Time, note string) (*zerenv1.Proposal, error) {
	switch to {
	case zerenv1.ProposalStatus_PROPOSAL_STATUS_CONFIRMED, zerenv1.ProposalStatus_PROPOSAL_STATUS_REJECTED,
		zerenv1.ProposalStatus_PROPOSAL_STATUS_WITHDRAWN:
	default:
		return nil, &TransitionError{ProposalID: p.GetId(), From: p.GetStatus(), To: to}
	}
	if p.GetStatus() != zerenv1.ProposalStatus_PROPOSAL_STATUS_PROPOSED {
		return nil, &TransitionError{ProposalID: p.GetId(), From: p.GetStatus(), To: to}
	}
	if strings.TrimSpace(by) == "" {
		return nil, fmt.Errorf("proposal %q: decided_by is empty: a decision names the person who made it", p.GetId())
	}
	out := proto.CloneOf(p)
	out.Status = to
	out.DecidedBy = by
	out.DecidedAt = timestamp(at)
	if note != "" {
		out.Note = note
	}
	return out, nil
}
