package accountability

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/checklist"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// Problem is one thing wrong with a trigger, naming it and the field.
type Problem struct {
	// TriggerID is the trigger's id (or "#n" when it has none).
	TriggerID string
	// Name is the trigger's name.
	Name string
	// Field is the field at fault, e.g. "condition".
	Field string
	// Message says what is wrong; for a condition that does not compile it
	// carries the line and column.
	Message string
	// MessageZh says it in Chinese, for administrators.
	MessageZh string
}

func (p Problem) String() string {
	return fmt.Sprintf("trigger %q (%s): %s: %s", p.TriggerID, p.Name, p.Field, p.Message)
}

// ValidationError lists every problem of the triggers given to New.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = "  " + p.String()
	}
	return fmt.Sprintf("accountability: %d problem(s) in the triggers\n%s", len(e.Problems), strings.Join(lines, "\n"))
}

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
}

// Proposer evaluates accountability triggers. It is immutable and safe for
// concurrent use.
type Proposer struct {
	h        *responsibility.Hierarchy
	triggers []trigger
}

// New compiles and checks every trigger against the rule environment and
// the hierarchy whose liability addresses people. It returns a
// *ValidationError listing all problems: empty or duplicate ids, a condition
// that does not compile or is not boolean (with line and column), a measure
// that does not fit the target (改组 of a person, 诫勉 of an organisation),
// an OTHER measure without a code, an unknown liability grade.
func New(env *cel.Env, h *responsibility.Hierarchy, triggers []*zerenv1.Trigger) (*Proposer, error) {
	if env == nil || h == nil {
		return nil, errors.New("accountability: New needs a rule environment and a hierarchy")
	}
	p := &Proposer{h: h}
	var probs []Problem
	add := func(t *zerenv1.Trigger, id, field, msg, zh string) {
		probs = append(probs, Problem{TriggerID: id, Name: t.GetName(), Field: field, Message: msg, MessageZh: zh})
	}
	seen := map[string]bool{}
	for i, t := range triggers {
		id := t.GetId()
		if id == "" {
			id = fmt.Sprintf("#%d", i+1)
			add(t, id, "id", "id is empty", "编号为空")
		} else if seen[id] {
			add(t, id, "id", "id is used twice", "编号重复")
		}
		seen[id] = true
		if t.GetMeasure() == zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_UNSPECIFIED {
			add(t, id, "measure", "no measure is set", "未设置问责方式")
		} else if _, ok := zerenv1.AccountabilityMeasure_name[int32(t.GetMeasure())]; !ok {
			add(t, id, "measure", fmt.Sprintf("unknown measure %d", t.GetMeasure()), "问责方式无效")
		} else if t.GetTarget() == zerenv1.ProposalTarget_PROPOSAL_TARGET_UNSPECIFIED {
			add(t, id, "target", "no target is set (organisation or person)", "未设置问责对象（党组织或个人）")
		} else if !fits(t.GetMeasure(), t.GetTarget()) {
			add(t, id, "measure", fmt.Sprintf("%s does not apply to %s", t.GetMeasure(), t.GetTarget()),
				fmt.Sprintf("“%s”不适用于%s", MeasureName(t.GetMeasure(), ""), targetName(t.GetTarget())))
		}
		if t.GetMeasure() == zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_OTHER && strings.TrimSpace(t.GetCustomMeasure()) == "" {
			add(t, id, "custom_measure", "an OTHER measure needs a custom code", "“其他”问责方式须填写自定义代码")
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
		prg, err := env.Compile(t.GetCondition(), cel.KindBool, cel.WithRuleID(id))
		if err != nil {
			var cerr *cel.CompileError
			if errors.As(err, &cerr) {
				for _, is := range cerr.Issues {
					add(t, id, "condition", is.String(), is.Zh())
				}
			} else {
				add(t, id, "condition", err.Error(), err.Error())
			}
		}
		p.triggers = append(p.triggers, trigger{pb: proto.CloneOf(t), prg: prg, kinds: kinds})
	}
	if len(probs) > 0 {
		return nil, &ValidationError{Problems: probs}
	}
	return p, nil
}

func targetName(t zerenv1.ProposalTarget) string {
	if t == zerenv1.ProposalTarget_PROPOSAL_TARGET_ORGANIZATION {
		return "党组织"
	}
	return "个人"
}

// Propose evaluates every trigger for every unit of a run and returns the
// proposals, ordered by unit, trigger and addressee, each with status
// PROPOSED. facts and results are matched by unit id; a unit without a
// result is evaluated with an empty one.
//
// A person-targeted proposal is addressed through the liability for a
// failure at the unit's top organisation on the last day of the period: the
// people who held the posts when the period closed (终身问责); the
// trigger's liability_kinds pick the grades (default 主要领导责任). A
// trigger that fails for one unit is returned as a Diagnostic and the run
// goes on; a cancelled context stops it with ctx.Err().
func (p *Proposer) Propose(ctx context.Context, facts []*zerenv1.UnitFacts, results []*zerenv1.Result) ([]*zerenv1.Proposal, []Diagnostic, error) {
	byUnit := make(map[string]*zerenv1.Result, len(results))
	for _, r := range results {
		byUnit[r.GetUnitId()] = r
	}
	var out []*zerenv1.Proposal
	var diags []Diagnostic
	for _, f := range facts {
		unitID := f.GetUnit().GetId()
		res := byUnit[unitID]
		if res == nil {
			res = &zerenv1.Result{UnitId: unitID, Period: f.GetPeriod()}
		}
		for _, t := range p.triggers {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
			v, err := t.prg.Eval(ctx, f, cel.WithResult(res), cel.WithTrace())
			if err != nil {
				if ctx.Err() != nil {
					return nil, nil, ctx.Err()
				}
				diags = append(diags, Diagnostic{TriggerID: t.pb.GetId(), UnitID: unitID, Err: err})
				continue
			}
			if !v.Bool {
				continue
			}
			props, err := p.proposals(t, f, v.Inputs)
			if err != nil {
				diags = append(diags, Diagnostic{TriggerID: t.pb.GetId(), UnitID: unitID, Err: err})
				continue
			}
			out = append(out, props...)
		}
	}
	return out, diags, nil
}

func (p *Proposer) proposals(t trigger, f *zerenv1.UnitFacts, inputs []*zerenv1.Input) ([]*zerenv1.Proposal, error) {
	unitID := f.GetUnit().GetId()
	orgID := f.GetOrganization().GetId()
	if orgID == "" {
		orgs, err := p.h.UnitOrganizations(unitID)
		if err != nil || len(orgs) == 0 {
			return nil, fmt.Errorf("unit %q has no organisation in the hierarchy", unitID)
		}
		orgID = orgs[0].GetId()
	}
	base := &zerenv1.Proposal{
		TriggerId: t.pb.GetId(), UnitId: unitID, Period: f.GetPeriod(),
		Measure: t.pb.GetMeasure(), CustomMeasure: t.pb.GetCustomMeasure(),
		Evidence: append([]*zerenv1.Input{{Path: "trigger.condition", Value: t.pb.GetCondition()}}, inputs...),
		Status:   zerenv1.ProposalStatus_PROPOSAL_STATUS_PROPOSED,
		Note:     t.pb.GetBasis(),
	}
	prefix := fmt.Sprintf("%s/%s/%s", t.pb.GetId(), unitID, checklist.PeriodLabel(f.GetPeriod()))
	if t.pb.GetTarget() == zerenv1.ProposalTarget_PROPOSAL_TARGET_ORGANIZATION {
		base.Id = prefix + "/" + orgID
		base.OrganizationId = orgID
		return []*zerenv1.Proposal{base}, nil
	}
	_, end, ok := calendar.PeriodBounds(f.GetPeriod(), p.h.Location())
	if !ok {
		return nil, fmt.Errorf("unit %q: the facts' period %v is not a valid period", unitID, f.GetPeriod())
	}
	report, err := p.h.Liability(orgID, end.Add(-time.Nanosecond))
	if err != nil {
		return nil, err
	}
	var out []*zerenv1.Proposal
	for _, l := range report.GetLiabilities() {
		if l.GetPersonId() == "" || !slices.Contains(t.kinds, l.GetKind()) {
			continue
		}
		pr := proto.CloneOf(base)
		pr.Id = prefix + "/" + l.GetPersonId()
		pr.OrganizationId = l.GetOrganizationId()
		pr.Liability = l
		out = append(out, pr)
	}
	slices.SortStableFunc(out, func(a, b *zerenv1.Proposal) int {
		return cmp.Compare(a.GetLiability().GetKind(), b.GetLiability().GetKind())
	})
	return out, nil
}

// TransitionError reports a decision a proposal cannot take.
type TransitionError struct {
	ProposalID string
	From, To   zerenv1.ProposalStatus
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("proposal %q: cannot go from %s (%s) to %s (%s); only a proposal awaiting a decision can be decided",
		e.ProposalID, statusName(e.From), e.From, statusName(e.To), e.To)
}

func statusName(s zerenv1.ProposalStatus) string {
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
